package dev.loopline.server;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The TLS session of a request's connection (see {@link RequestContext#tls()}): the negotiated protocol and cipher
 * suite, the client's certificate chain when it presented one (see {@link TlsConfig#clientAuth()}), and the server
 * name it asked for by SNI.
 */
public final class TlsSession {

    private final String protocol;
    private final String cipherSuite;
    private final List<X509Certificate> peerCertificates;
    private final String serverName;

    /** A session without a server name; {@code peerCertificates} is empty when the client presented none. */
    public TlsSession(String protocol, String cipherSuite, List<X509Certificate> peerCertificates) {
        this(protocol, cipherSuite, peerCertificates, null);
    }

    /**
     * A session; {@code peerCertificates} is empty when the client presented none, {@code serverName} is null when it
     * asked for none.
     */
    public TlsSession(String protocol, String cipherSuite, List<X509Certificate> peerCertificates,
            String serverName) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.cipherSuite = Objects.requireNonNull(cipherSuite, "cipherSuite");
        this.peerCertificates = List.copyOf(peerCertificates);
        this.serverName = serverName;
    }

    /** The protocol version, for example {@code TLSv1.3}. */
    public String protocol() {
        return protocol;
    }

    /** The cipher suite's standard name, for example {@code TLS_AES_128_GCM_SHA256}. */
    public String cipherSuite() {
        return cipherSuite;
    }

    /** The client's certificate chain, its own certificate first; empty when it presented none. */
    public List<X509Certificate> peerCertificates() {
        return peerCertificates;
    }

    /**
     * The host name the client asked for by SNI (lower case, as sent: {@code xn--} for an internationalised name),
     * whether or not a certificate of {@link TlsConfig#sniCertificates()} was chosen by it; empty when it asked for
     * none (clients that connect to an IP address do not).
     */
    public Optional<String> serverName() {
        return Optional.ofNullable(serverName);
    }

    /** Protocol, cipher suite, the server name and the client certificate's subject, if any. */
    @Override
    public String toString() {
        return "TlsSession[" + protocol + ", " + cipherSuite + (serverName == null ? "" : ", " + serverName)
                + (peerCertificates.isEmpty() ? ""
                : ", client " + peerCertificates.get(0).getSubjectX500Principal().getName()) + "]";
    }
}
