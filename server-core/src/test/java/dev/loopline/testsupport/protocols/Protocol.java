package dev.loopline.testsupport.protocols;

import dev.loopline.server.HttpServer;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.TlsConfig;
import dev.loopline.testsupport.TestCertificates;
import java.io.IOException;
import java.security.GeneralSecurityException;

/**
 * The three ways a client reaches the same handler: HTTP/1.1 on the cleartext port, HTTP/2 with prior knowledge on
 * that port (h2c), and HTTP/2 chosen by ALPN on a TLS port (h2). The behavioural suites run each case once per
 * protocol; each protocol knows how to configure its server and which client speaks it.
 */
public enum Protocol {

    /** HTTP/1.1 on the cleartext port: the JDK's HttpClient pinned to HTTP_1_1. */
    HTTP_1_1("HTTP/1.1", "HTTP/1.1", "http", false),
    /** HTTP/2 with prior knowledge on the cleartext port: a small Netty client (the JDK's cannot do this). */
    H2C("HTTP/2.0", "HTTP/2", "http", false),
    /** HTTP/2 by ALPN on a TLS port: the JDK's HttpClient in HTTP_2 mode, trusting the test CA. */
    H2("HTTP/2.0", "HTTP/2", "https", true);

    private final String requestProtocol;
    private final String wireVersion;
    private final String scheme;
    private final boolean tls;

    Protocol(String requestProtocol, String wireVersion, String scheme, boolean tls) {
        this.requestProtocol = requestProtocol;
        this.wireVersion = wireVersion;
        this.scheme = scheme;
        this.tls = tls;
    }

    /** What {@code Request.protocol()} says on the server for a request that came this way. */
    public String requestProtocol() {
        return requestProtocol;
    }

    /** The version the client saw on the wire: "HTTP/1.1" or "HTTP/2" (see {@link WireResponse#version()}). */
    public String wireVersion() {
        return wireVersion;
    }

    /** "http" or "https": what {@code RequestContext.scheme()} says. */
    public String scheme() {
        return scheme;
    }

    public boolean isHttp2() {
        return this != HTTP_1_1;
    }

    public boolean isTls() {
        return tls;
    }

    /** Adds what the server needs to speak this protocol (a TLS certificate for h2) to {@code config}. */
    public ServerConfig.Builder configure(ServerConfig.Builder config) {
        if (!tls) {
            return config;
        }
        TestCertificates certs = SharedCertificates.get();
        return config.tls(TlsConfig.builder().pem(certs.certificateChain, certs.privateKey).build());
    }

    /** A new client of this protocol for {@code server}, which must have been configured with {@link #configure}. */
    public ProtocolClient client(HttpServer server) {
        try {
            switch (this) {
                case HTTP_1_1:
                    return JdkClient.http11("http://127.0.0.1:" + server.port(), null);
                case H2C:
                    return NettyHttp2Client.connect(server.port());
                default:
                    return JdkClient.http2("https://127.0.0.1:" + server.port(), SharedCertificates.get().clientContext());
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a " + this + " client: " + e, e);
        }
    }
}
