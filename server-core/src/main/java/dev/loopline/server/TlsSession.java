package dev.loopline.server;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The TLS session of a request's connection (see {@link RequestContext#tls()}): the negotiated protocol and cipher
 * suite, and the client's certificate chain when it presented one (see {@link TlsConfig#clientAuth()}).
 */
public final class TlsSession {

    private final String protocol;
    private final String cipherSuite;
    private final List<X509Certificate> peerCertificates;

    /** A session; {@code peerCertificates} is empty when the client presented none. */
    public TlsSession(String protocol, String cipherSuite, List<X509Certificate> peerCertificates) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.cipherSuite = Objects.requireNonNull(cipherSuite, "cipherSuite");
        this.peerCertificates = List.copyOf(peerCertificates);
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

    /** Protocol, cipher suite and the client certificate's subject, if any. */
    @Override
    public String toString() {
        return "TlsSession[" + protocol + ", " + cipherSuite + (peerCertificates.isEmpty() ? ""
                : ", client " + peerCertificates.get(0).getSubjectX500Principal().getName()) + "]";
    }
}
