package dev.loopline.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test CA and a server certificate it signed (SANs {@code localhost} and {@code 127.0.0.1}, ten years), made at
 * test time with the JDK's {@code keytool} (no openssl needed), as a PKCS#12 keystore and as PEM files; plus a
 * second, unrelated key for the mismatch tests. {@link #issue} makes more server certificates for other names (SNI).
 */
public final class TestCertificates {

    public static final String PASSWORD = "changeit";

    public final Path dir;
    public final Path caCertificate;   // PEM
    public final Path keyStore;        // PKCS#12: the server key with its chain, password PASSWORD
    public final Path certificateChain; // PEM: server certificate, then the CA
    public final Path privateKey;      // PEM: unencrypted PKCS#8
    public final Path otherKey;        // PEM: a key that belongs to no certificate here

    private TestCertificates(Path dir) {
        this.dir = dir;
        this.caCertificate = dir.resolve("ca.pem");
        this.keyStore = dir.resolve("server.p12");
        this.certificateChain = dir.resolve("server-chain.pem");
        this.privateKey = dir.resolve("server-key.pem");
        this.otherKey = dir.resolve("other-key.pem");
    }

    /** Makes the files in {@code dir}. */
    public static TestCertificates create(Path dir) throws IOException, GeneralSecurityException,
            InterruptedException {
        TestCertificates certs = new TestCertificates(dir);
        String[] store = {"-storetype", "PKCS12", "-storepass", PASSWORD};
        keytool(dir, store, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=Loopline Test CA", "-ext", "bc:c", "-validity", "3650", "-keystore", "ca.p12");
        keytool(dir, store, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-validity", "3650", "-keystore", "server.p12");
        keytool(dir, store, "-certreq", "-alias", "server", "-keystore", "server.p12", "-file", "server.csr");
        keytool(dir, store, "-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", "server.csr",
                "-outfile", "server.crt", "-rfc", "-validity", "3650", "-ext", "san=dns:localhost,ip:127.0.0.1");
        keytool(dir, store, "-exportcert", "-alias", "ca", "-keystore", "ca.p12", "-rfc", "-file", "ca.pem");
        keytool(dir, store, "-importcert", "-alias", "ca", "-keystore", "server.p12", "-file", "ca.pem", "-noprompt");
        keytool(dir, store, "-importcert", "-alias", "server", "-keystore", "server.p12", "-file", "server.crt");
        keytool(dir, store, "-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-validity", "3650", "-keystore", "other.p12");

        KeyStore server = load(certs.keyStore);
        StringBuilder chain = new StringBuilder();
        for (Certificate certificate : server.getCertificateChain("server")) {
            chain.append(pem("CERTIFICATE", certificate.getEncoded()));
        }
        Files.writeString(certs.certificateChain, chain);
        Files.writeString(certs.privateKey, pem("PRIVATE KEY",
                server.getKey("server", PASSWORD.toCharArray()).getEncoded()));
        PrivateKey other = (PrivateKey) load(dir.resolve("other.p12")).getKey("other", PASSWORD.toCharArray());
        Files.writeString(certs.otherKey, pem("PRIVATE KEY", other.getEncoded()));
        return certs;
    }

    /** One more server certificate the test CA signed: its keystore (password {@link #PASSWORD}) and PEM files. */
    public record Issued(Path keyStore, Path certificateChain, Path privateKey) {
        /** The certificate (the first of the chain). */
        public X509Certificate certificate() throws IOException, GeneralSecurityException {
            try (InputStream in = Files.newInputStream(certificateChain)) {
                return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
        }
    }

    /**
     * A server key with a certificate the test CA signed for the DNS names {@code dnsNames} (wildcards allowed; the
     * first is also the CN), in {@code <stem>.p12}, {@code <stem>-chain.pem} and {@code <stem>-key.pem}; made once.
     */
    public Issued issue(String stem, String... dnsNames) throws IOException, GeneralSecurityException,
            InterruptedException {
        Issued issued = new Issued(dir.resolve(stem + ".p12"), dir.resolve(stem + "-chain.pem"),
                dir.resolve(stem + "-key.pem"));
        if (!Files.exists(issued.privateKey())) {
            String[] store = {"-storetype", "PKCS12", "-storepass", PASSWORD};
            String p12 = stem + ".p12";
            keytool(dir, store, "-genkeypair", "-alias", stem, "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=" + dnsNames[0], "-validity", "3650", "-keystore", p12);
            keytool(dir, store, "-certreq", "-alias", stem, "-keystore", p12, "-file", stem + ".csr");
            keytool(dir, store, "-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", stem + ".csr",
                    "-outfile", stem + ".crt", "-rfc", "-validity", "3650", "-ext",
                    "san=dns:" + String.join(",dns:", dnsNames));
            keytool(dir, store, "-importcert", "-alias", "ca", "-keystore", p12, "-file", "ca.pem", "-noprompt");
            keytool(dir, store, "-importcert", "-alias", stem, "-keystore", p12, "-file", stem + ".crt");
            KeyStore server = load(issued.keyStore());
            StringBuilder chain = new StringBuilder();
            for (Certificate certificate : server.getCertificateChain(stem)) {
                chain.append(pem("CERTIFICATE", certificate.getEncoded()));
            }
            Files.writeString(issued.certificateChain(), chain);
            Files.writeString(issued.privateKey(), pem("PRIVATE KEY",
                    server.getKey(stem, PASSWORD.toCharArray()).getEncoded()));
        }
        return issued;
    }

    /**
     * One self-signed certificate (SANs {@code localhost} and {@code 127.0.0.1}) that is its own CA: a single keytool
     * run instead of eight, for tests that need some certificate a client trusts and nothing more. Only the keystore,
     * the chain, the key and the CA file are made ({@link #clientContext()} works; the client-certificate and
     * other-key helpers do not).
     */
    public static TestCertificates selfSigned(Path dir) throws IOException, GeneralSecurityException,
            InterruptedException {
        TestCertificates certs = new TestCertificates(dir);
        keytool(dir, new String[] {"-storetype", "PKCS12", "-storepass", PASSWORD}, "-genkeypair", "-alias", "server",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-validity", "3650",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-keystore", "server.p12");
        KeyStore server = load(certs.keyStore);
        String certificate = pem("CERTIFICATE", server.getCertificate("server").getEncoded());
        Files.writeString(certs.certificateChain, certificate);
        Files.writeString(certs.caCertificate, certificate);
        Files.writeString(certs.privateKey, pem("PRIVATE KEY",
                server.getKey("server", PASSWORD.toCharArray()).getEncoded()));
        return certs;
    }

    /** A self-signed PKCS#12 keystore (password {@link #PASSWORD}) whose certificate expired days ago. */
    public Path expiredKeyStore() throws IOException, InterruptedException {
        Path file = dir.resolve("expired.p12");
        if (!Files.exists(file)) {
            keytool(dir, new String[] {"-storetype", "PKCS12", "-storepass", PASSWORD}, "-genkeypair",
                    "-alias", "expired", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                    "-startdate", "-10d", "-validity", "2", "-keystore", file.getFileName().toString());
        }
        return file;
    }

    /** A self-signed PKCS#12 keystore (password {@link #PASSWORD}) with a DSA key, which TLS servers do not use. */
    public Path dsaKeyStore() throws IOException, InterruptedException {
        Path file = dir.resolve("dsa.p12");
        if (!Files.exists(file)) {
            keytool(dir, new String[] {"-storetype", "PKCS12", "-storepass", PASSWORD}, "-genkeypair",
                    "-alias", "dsa", "-keyalg", "DSA", "-keysize", "2048", "-dname", "CN=localhost",
                    "-validity", "3650", "-keystore", file.getFileName().toString());
        }
        return file;
    }

    /** A client key with a certificate the test CA signed ({@code CN=test client}), in a PKCS#12 keystore. */
    public Path clientKeyStore() throws IOException, InterruptedException {
        Path file = dir.resolve("client.p12");
        if (!Files.exists(file)) {
            String[] store = {"-storetype", "PKCS12", "-storepass", PASSWORD};
            keytool(dir, store, "-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=test client", "-validity", "3650", "-keystore", "client.p12");
            keytool(dir, store, "-certreq", "-alias", "client", "-keystore", "client.p12", "-file", "client.csr");
            keytool(dir, store, "-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", "client.csr",
                    "-outfile", "client.crt", "-rfc", "-validity", "3650", "-ext", "eku=clientAuth");
            keytool(dir, store, "-importcert", "-alias", "ca", "-keystore", "client.p12", "-file", "ca.pem",
                    "-noprompt");
            keytool(dir, store, "-importcert", "-alias", "client", "-keystore", "client.p12", "-file",
                    "client.crt");
        }
        return file;
    }

    /** A client context that trusts the test CA and presents the client certificate. */
    public SSLContext clientContextWithCertificate() throws IOException, GeneralSecurityException,
            InterruptedException {
        javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(clientKeyStore()), PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore ca = KeyStore.getInstance("PKCS12");
        ca.load(null, null);
        ca.setCertificateEntry("ca", load(dir.resolve("ca.p12")).getCertificate("ca"));
        trust.init(ca);
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    /** A client context that trusts the test CA only. */
    public SSLContext clientContext() throws IOException, GeneralSecurityException {
        return clientContext(this);
    }

    /** The server certificate (the first of the chain). */
    public X509Certificate serverCertificate() throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(certificateChain)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** A client context that trusts the CAs of {@code trusted}. */
    public static SSLContext clientContext(TestCertificates... trusted) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < trusted.length; i++) {
            try (InputStream in = Files.newInputStream(trusted[i].caCertificate)) {
                trust.setCertificateEntry("ca" + i, (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(in));
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(Path dir, String[] store, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of(store));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
