package dev.loopline.loadtest.servers;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * A bench server's TLS mode: the engine and the bench certificate (a PEM chain and a PKCS#8 PEM key, made at run
 * time by the runner). Every server gets the same protocols, the same cipher list in the same order (Loopline's
 * default: AEAD with forward secrecy, TLS_AES_128_GCM_SHA256 first, the server's order wins) and ALPN h2 then
 * http/1.1, so the handshakes and records they do are the same.
 */
public record BenchTls(Engine engine, Path certificate, Path key) {

    /** The TLS implementation under a server's connections. */
    public enum Engine {
        /** BoringSSL through netty-tcnative (Loopline and netty-raw only: Jetty and Tomcat run on the JDK's). */
        OPENSSL,
        /** The JDK's SSLEngine. */
        JDK;

        /** The name in reports and on the command line: {@code openssl}, {@code jdk}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Engine of(String label) {
            for (Engine engine : values()) {
                if (engine.label().equals(label)) {
                    return engine;
                }
            }
            throw new IllegalArgumentException("unknown TLS engine '" + label + "' (openssl or jdk)");
        }
    }

    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** Loopline's default list, in its order, for every server. */
    public static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    /** ALPN, most preferred first. */
    public static final List<String> ALPN = List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);

    /** The command-line form: {@code --tls ENGINE --cert FILE --key FILE}. */
    public List<String> arguments() {
        return List.of("--tls", engine.label(), "--cert", certificate.toString(), "--key", key.toString());
    }

    /** netty-raw's server context: the same engine class Loopline uses ({@code SslProvider.OPENSSL} or JDK). */
    SslContext nettyServerContext() throws SSLException {
        if (engine == Engine.OPENSSL && !OpenSsl.isAvailable()) {
            throw new IllegalStateException("OpenSSL engine unavailable: " + OpenSsl.unavailabilityCause());
        }
        return SslContextBuilder.forServer(certificate.toFile(), key.toFile())
                .sslProvider(engine == Engine.OPENSSL ? SslProvider.OPENSSL : SslProvider.JDK)
                .protocols(PROTOCOLS)
                .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ALPN))
                .build();
    }

    /** The same key and chain as an in-memory PKCS#12 keystore, for Jetty (its password: {@link #STORE_PASSWORD}). */
    KeyStore keyStore() throws IOException, GeneralSecurityException {
        List<? extends Certificate> chain;
        try (InputStream in = Files.newInputStream(certificate)) {
            chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
        String pem = Files.readString(key);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        String algorithm = chain.get(0).getPublicKey().getAlgorithm();
        PrivateKey privateKey = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("bench", privateKey, STORE_PASSWORD.toCharArray(), chain.toArray(new Certificate[0]));
        return store;
    }

    static final String STORE_PASSWORD = "bench";
}
