package dev.loopline.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * TLS on the server's port (see {@link ServerConfig.Builder#tls(TlsConfig)}): the server's certificate and key,
 * the protocols offered, the engine and the handshake timeout. Made only by {@link #builder()}; the key material is
 * either a PEM certificate chain with a PKCS#8 PEM key (optionally encrypted) or a PKCS#12 keystore. More certificates
 * may be served by the name the client asks for (SNI, see {@link #sniCertificates()}); this one stays the default.
 * The files are read when the server starts: a file that cannot be used makes {@link HttpServer#start} fail naming
 * it. Immutable; {@link #toString()} prints passwords as {@code ****}.
 */
public final class TlsConfig {

    /** Whether clients present certificates (mutual TLS). */
    public enum ClientAuth {
        /** Clients are not asked for a certificate (default). */
        NONE,
        /** Clients are asked; one that presents none is let in, one that presents an untrusted one is refused. */
        OPTIONAL,
        /** Clients must present a certificate the trusted certificates vouch for, or the handshake fails. */
        REQUIRED
    }

    /** The TLS implementation under the connections. */
    public enum Engine {
        /** OpenSSL (BoringSSL from {@code netty-tcnative-boringssl-static}) when it is on the class path, else JDK. */
        AUTO,
        /** OpenSSL through {@code netty-tcnative-boringssl-static}; the server fails to start without it. */
        OPENSSL,
        /** The JDK's {@code SSLEngine}. */
        JDK
    }

    private final Path certificateChain;
    private final Path privateKey;
    private final String keyPassword;
    private final Path keyStore;
    private final String keyStorePassword;
    private final List<String> protocols;
    private final List<String> ciphers;
    private final Engine engine;
    private final Duration handshakeTimeout;
    private final Duration reloadInterval;
    private final ClientAuth clientAuth;
    private final Path trustedCertificates;
    private final List<SniCertificate> sniCertificates;

    private TlsConfig(Builder b) {
        this.certificateChain = b.certificateChain;
        this.privateKey = b.privateKey;
        this.keyPassword = b.keyPassword;
        this.keyStore = b.keyStore;
        this.keyStorePassword = b.keyStorePassword;
        this.protocols = b.protocols;
        this.ciphers = b.ciphers;
        this.engine = b.engine;
        this.handshakeTimeout = b.handshakeTimeout;
        this.reloadInterval = b.reloadInterval;
        this.clientAuth = b.clientAuth;
        this.trustedCertificates = b.trustedCertificates;
        this.sniCertificates = List.copyOf(b.sniCertificates);
    }

    /** A builder with the defaults: TLSv1.3 and TLSv1.2, engine AUTO, a 10 s handshake timeout, no key yet. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values, to derive a changed config. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.certificateChain = certificateChain;
        b.privateKey = privateKey;
        b.keyPassword = keyPassword;
        b.keyStore = keyStore;
        b.keyStorePassword = keyStorePassword;
        b.protocols = protocols;
        b.ciphers = ciphers;
        b.engine = engine;
        b.handshakeTimeout = handshakeTimeout;
        b.reloadInterval = reloadInterval;
        b.clientAuth = clientAuth;
        b.trustedCertificates = trustedCertificates;
        b.sniCertificates.addAll(sniCertificates);
        return b;
    }

    /** The PEM file with the server certificate first, then its chain; null when a keystore is used. */
    public Path certificateChain() { return certificateChain; }
    /** The PEM file with the PKCS#8 private key; null when a keystore is used. */
    public Path privateKey() { return privateKey; }
    /** The password of an encrypted PKCS#8 key, or null for an unencrypted one. */
    public String keyPassword() { return keyPassword; }
    /** The PKCS#12 keystore holding the key and its certificate chain; null when PEM files are used. */
    public Path keyStore() { return keyStore; }
    /** The PKCS#12 keystore's password (also used for its key), or null. */
    public String keyStorePassword() { return keyStorePassword; }
    /** The protocol versions offered, by their JSSE names (default {@code TLSv1.3}, {@code TLSv1.2}). */
    public List<String> protocols() { return protocols; }
    /**
     * The cipher suites offered, by their standard (IANA) names, in order of preference; suites the engine does not
     * support are left out. The default: AEAD suites with forward secrecy only (no CBC, no RSA key exchange).
     */
    public List<String> ciphers() { return ciphers; }
    /** The TLS engine (default {@link Engine#AUTO}). */
    public Engine engine() { return engine; }
    /** How long a client has to finish the handshake before the connection is closed (default 10 s). */
    public Duration handshakeTimeout() { return handshakeTimeout; }
    /**
     * How often the key and certificate files are checked for changes (default 10 s; zero: never). Changed files
     * (rewritten, or a symlink swapped, as cert-manager and certbot do) are loaded off the event loops once they have
     * stayed the same for one interval, and serve new handshakes; open connections keep theirs. Files that cannot be
     * used keep the old certificate and log one ERROR naming the file.
     */
    public Duration reloadInterval() { return reloadInterval; }
    /** Client certificates: {@link ClientAuth#NONE} (default), optional or required. */
    public ClientAuth clientAuth() { return clientAuth; }
    /** The PEM bundle of CA certificates client certificates are checked against; null when clientAuth is NONE. */
    public Path trustedCertificates() { return trustedCertificates; }
    /**
     * The certificates chosen by the server name a client asks for (SNI), in the order given; empty by default. A
     * client that asks for none of these names, or for no name, gets the default certificate ({@code pem} or
     * {@code pkcs12}). An exact name wins over a wildcard. All share this config's protocols, ciphers, engine,
     * client authentication and reload interval.
     */
    public List<SniCertificate> sniCertificates() { return sniCertificates; }

    private Object[] values() {
        return new Object[] {certificateChain, privateKey, keyPassword, keyStore, keyStorePassword, protocols,
            ciphers, engine, handshakeTimeout, reloadInterval, clientAuth, trustedCertificates, sniCertificates};
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TlsConfig && Arrays.equals(values(), ((TlsConfig) other).values());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values());
    }

    /** Every field; passwords print as {@code ****} (or {@code null} when there is none). */
    @Override
    public String toString() {
        String keys = keyStore != null ? "keyStore=" + keyStore + ", keyStorePassword=" + secret(keyStorePassword)
                : "certificateChain=" + certificateChain + ", privateKey=" + privateKey + ", keyPassword="
                        + secret(keyPassword);
        return "TlsConfig[" + keys + ", protocols=" + protocols + ", ciphers=" + ciphers + ", engine=" + engine
                + ", handshakeTimeout=" + handshakeTimeout + ", reloadInterval=" + reloadInterval
                + ", clientAuth=" + clientAuth
                + ", trustedCertificates=" + trustedCertificates + ", sniCertificates=" + sniCertificates + "]";
    }

    private static String secret(String password) {
        return password == null ? "null" : "****";
    }

    /** Collects values for a {@link TlsConfig}; each setter rejects a bad value at once, naming the field. */
    public static final class Builder {
        private Path certificateChain;
        private Path privateKey;
        private String keyPassword;
        private Path keyStore;
        private String keyStorePassword;
        private List<String> protocols = List.of("TLSv1.3", "TLSv1.2");
        private List<String> ciphers = List.of(
                "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        private Engine engine = Engine.AUTO;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration reloadInterval = Duration.ofSeconds(10);
        private ClientAuth clientAuth = ClientAuth.NONE;
        private Path trustedCertificates;
        private final List<SniCertificate> sniCertificates = new ArrayList<>();

        private Builder() {
        }

        /** A PEM certificate chain and an unencrypted PKCS#8 PEM key; replaces a keystore set before. */
        public Builder pem(Path certificateChain, Path privateKey) {
            return pem(certificateChain, privateKey, null);
        }

        /** A PEM certificate chain and a PKCS#8 PEM key encrypted with {@code keyPassword} (null: unencrypted). */
        public Builder pem(Path certificateChain, Path privateKey, String keyPassword) {
            require(certificateChain != null, "certificateChain", "must not be null", null);
            require(privateKey != null, "privateKey", "must not be null", null);
            this.certificateChain = certificateChain;
            this.privateKey = privateKey;
            this.keyPassword = keyPassword;
            this.keyStore = null;
            this.keyStorePassword = null;
            return this;
        }

        /** A PKCS#12 keystore with one key entry and its chain; replaces PEM files set before. */
        public Builder pkcs12(Path keyStore, String password) {
            require(keyStore != null, "keyStore", "must not be null", null);
            this.keyStore = keyStore;
            this.keyStorePassword = password;
            this.certificateChain = null;
            this.privateKey = null;
            this.keyPassword = null;
            return this;
        }

        /**
         * A certificate for clients that ask for {@code serverName} by SNI (see {@link TlsConfig#sniCertificates()}):
         * a PEM certificate chain and an unencrypted PKCS#8 PEM key.
         *
         * @param serverName a host name ({@code api.example.com}) or a one-label wildcard ({@code *.example.com}),
         *     any case; not an IP address, and not one given before
         */
        public Builder sniPem(String serverName, Path certificateChain, Path privateKey) {
            return sniPem(serverName, certificateChain, privateKey, null);
        }

        /**
         * Like {@link #sniPem(String, Path, Path)}, with a PKCS#8 PEM key encrypted with {@code keyPassword} (null:
         * unencrypted).
         */
        public Builder sniPem(String serverName, Path certificateChain, Path privateKey, String keyPassword) {
            String name = serverName("sniPem", serverName);
            require(certificateChain != null, "sniPem.certificateChain", "must not be null", null);
            require(privateKey != null, "sniPem.privateKey", "must not be null", null);
            sniCertificates.add(SniCertificate.pem(name, certificateChain, privateKey, keyPassword));
            return this;
        }

        /**
         * A certificate for clients that ask for {@code serverName} by SNI: a PKCS#12 keystore with one key entry and
         * its chain. {@code serverName} as for {@link #sniPem(String, Path, Path)}.
         */
        public Builder sniPkcs12(String serverName, Path keyStore, String password) {
            String name = serverName("sniPkcs12", serverName);
            require(keyStore != null, "sniPkcs12.keyStore", "must not be null", null);
            sniCertificates.add(SniCertificate.pkcs12(name, keyStore, password));
            return this;
        }

        private String serverName(String method, String serverName) {
            String name = SniCertificate.canonicalName(serverName);
            require(name != null, method + ".serverName", "must be a host name such as api.example.com or a "
                    + "one-label wildcard such as *.example.com (not an IP address)", serverName == null ? "null"
                    : "\"" + serverName + "\"");
            for (SniCertificate given : sniCertificates) {
                require(!given.serverName().equals(name), method + ".serverName", "is given twice", name);
            }
            return name;
        }

        /** See {@link TlsConfig#protocols()}; each {@code TLSv1.2} or {@code TLSv1.3}. */
        public Builder protocols(String... values) {
            require(values != null && values.length > 0, "protocols", "must name at least one protocol", null);
            for (String value : values) {
                require("TLSv1.3".equals(value) || "TLSv1.2".equals(value), "protocols",
                        "must be TLSv1.3 or TLSv1.2", value);
            }
            protocols = List.of(values);
            return this;
        }

        /** See {@link TlsConfig#ciphers()}; at least one, by standard name. */
        public Builder ciphers(String... values) {
            require(values != null && values.length > 0, "ciphers", "must name at least one cipher suite", null);
            for (String value : values) {
                require(value != null && value.startsWith("TLS_"), "ciphers",
                        "must be standard (IANA) names such as TLS_AES_128_GCM_SHA256", value);
            }
            ciphers = List.of(values);
            return this;
        }

        /** See {@link TlsConfig#engine()}. */
        public Builder engine(Engine value) {
            require(value != null, "engine", "must not be null", null);
            engine = value;
            return this;
        }

        /** See {@link TlsConfig#handshakeTimeout()}; must be positive. */
        public Builder handshakeTimeout(Duration value) {
            require(value != null && !value.isNegative() && !value.isZero(), "handshakeTimeout",
                    "must be a positive duration", value);
            handshakeTimeout = value;
            return this;
        }

        /**
         * Client certificates (mutual TLS), checked against the CA certificates in the PEM bundle
         * {@code trustedCertificates} (which may be null only with {@link ClientAuth#NONE}).
         */
        public Builder clientAuth(ClientAuth mode, Path trustedCertificates) {
            require(mode != null, "clientAuth", "must not be null", null);
            require(mode == ClientAuth.NONE || trustedCertificates != null, "trustedCertificates",
                    "must be given when clientAuth is " + mode, null);
            this.clientAuth = mode;
            this.trustedCertificates = mode == ClientAuth.NONE ? null : trustedCertificates;
            return this;
        }

        /** See {@link TlsConfig#reloadInterval()}; zero turns reloading off. */
        public Builder reloadInterval(Duration value) {
            require(value != null && !value.isNegative(), "reloadInterval", "must not be negative", value);
            reloadInterval = value;
            return this;
        }

        /**
         * The config.
         *
         * @throws IllegalArgumentException when neither PEM files nor a keystore were given
         */
        public TlsConfig build() {
            require(keyStore != null || certificateChain != null, "pem", "or TlsConfig.pkcs12 must be set", null);
            return new TlsConfig(this);
        }

        private static void require(boolean ok, String field, String rule, Object value) {
            if (!ok) {
                throw new IllegalArgumentException("TlsConfig." + field + " " + rule
                        + (value == null ? "" : " (was " + value + ")"));
            }
        }
    }
}
