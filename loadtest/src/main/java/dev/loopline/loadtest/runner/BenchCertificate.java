package dev.loopline.loadtest.runner;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The TLS scenarios' development certificate, made at run time and never committed: {@code keytool} (from the JDK
 * that runs the runner) makes an EC P-256 key and a self-signed certificate for localhost and 127.0.0.1, valid for
 * two days, and the key and chain are written as PEM ({@code bench-cert.pem}, PKCS#8 {@code bench-key.pem}) into the
 * module's {@code target/bench-tls/} (the build directory, ignored by git).
 */
record BenchCertificate(Path certificate, Path key) {

    private static final String PASSWORD = "bench-only";

    /** Makes a fresh key and certificate in {@code directory}, replacing any earlier one. */
    static BenchCertificate create(Path directory) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Path store = directory.resolve("bench.p12");
        Files.deleteIfExists(store);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", "bench", "-keyalg", "EC",
                "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("keytool could not make the bench certificate: " + output);
        }
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, PASSWORD.toCharArray());
            }
            Certificate[] chain = keyStore.getCertificateChain("bench");
            byte[] key = keyStore.getKey("bench", PASSWORD.toCharArray()).getEncoded(); // PKCS#8
            StringBuilder pemChain = new StringBuilder();
            for (Certificate certificate : chain) {
                pemChain.append(pem("CERTIFICATE", certificate.getEncoded()));
            }
            Path certificateFile = directory.resolve("bench-cert.pem");
            Path keyFile = directory.resolve("bench-key.pem");
            Files.writeString(certificateFile, pemChain);
            Files.deleteIfExists(keyFile);
            Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(keyFile, pem("PRIVATE KEY", key));
            Files.delete(store);
            return new BenchCertificate(certificateFile, keyFile);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the keystore keytool made: " + store, e);
        }
    }

    /**
     * The module's build directory: the parent of this jar ({@code loadtest/target/loopline-loadtest.jar}) or of the
     * classes directory ({@code loadtest/target/classes} in the build); the working directory's {@code target/}
     * when neither can be told.
     */
    static Path buildDirectory() {
        try {
            Path code = Path.of(BenchCertificate.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (code.getParent() != null && code.getParent().getFileName() != null
                    && code.getParent().getFileName().toString().equals("target")) {
                return code.getParent();
            }
        } catch (URISyntaxException | RuntimeException unknown) {
            // fall through to the working directory
        }
        return Path.of("target").toAbsolutePath();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
