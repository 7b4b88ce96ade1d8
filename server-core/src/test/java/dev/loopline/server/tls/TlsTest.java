package dev.loopline.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.StaticFiles;
import dev.loopline.server.TlsConfig;
import dev.loopline.testsupport.LogCapture;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestCertificates;
import dev.loopline.testsupport.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TLS on the server's port, over real sockets with the JDK's HTTP client, on both engines. */
class TlsTest {

    @TempDir
    static Path dir;
    static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.create(dir);
    }

    private static HttpServer start(TlsConfig tls) {
        return TestServers.start(ServerConfig.builder().tls(tls), request -> CompletableFuture.completedFuture(
                Response.text(request.context().scheme() + " " + request.path())));
    }

    private static HttpResponse<String> get(HttpServer server, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(certs.clientContext()).connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @EnumSource(value = TlsConfig.Engine.class, names = {"JDK", "OPENSSL"})
    void servesHttpsFromPemFilesOnEachEngine(TlsConfig.Engine engine) throws Exception {
        try (HttpServer server = start(TlsConfig.builder().pem(certs.certificateChain, certs.privateKey)
                .engine(engine).build())) {
            HttpResponse<String> response = get(server, "/hello");
            assertEquals(200, response.statusCode());
            assertEquals("https /hello", response.body(), "the handler sees scheme https");
            assertEquals("TLSv1.3", response.sslSession().orElseThrow().getProtocol());
            assertEquals("https /again", get(server, "/again").body());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsConfig.Engine.class, names = {"JDK", "OPENSSL"})
    void servesHttpsFromPkcs12OnEachEngine(TlsConfig.Engine engine) throws Exception {
        try (HttpServer server = start(TlsConfig.builder().pkcs12(certs.keyStore, TestCertificates.PASSWORD)
                .engine(engine).build())) {
            assertEquals("https /p12", get(server, "/p12").body());
        }
    }

    @Test
    void tlsOneTwoOnlyWhenAsked() throws Exception {
        try (HttpServer server = start(TlsConfig.builder().pem(certs.certificateChain, certs.privateKey)
                .protocols("TLSv1.2").build())) {
            assertEquals("TLSv1.2", get(server, "/").sslSession().orElseThrow().getProtocol());
        }
    }

    @Test
    void cleartextOnTheTlsPortGetsAPlainTextBadRequestAndTheConnectionCloses() throws Exception {
        try (HttpServer server = start(TlsConfig.builder().pem(certs.certificateChain, certs.privateKey).build());
             RawClient client = new RawClient(server.port(), 5000)) {
            RawResponse response = client.exchange("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertEquals(400, response.status());
            assertTrue(response.header("Content-Type").startsWith("text/plain"), response.toString());
            assertTrue(response.bodyText().contains("speaks TLS"), response.bodyText());
            assertTrue(client.isClosedByServer());
        }
    }

    @Test
    void aClientThatStallsInTheHandshakeIsClosedAfterTheHandshakeTimeout() throws Exception {
        try (HttpServer server = start(TlsConfig.builder().pem(certs.certificateChain, certs.privateKey)
                .handshakeTimeout(Duration.ofMillis(300)).build());
             RawClient client = new RawClient(server.port(), 5000)) {
            long started = System.nanoTime();
            // the start of a TLS handshake record, then nothing
            client.send(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xc8, 0x01, 0x00});
            assertTrue(client.isClosedByServer());
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(4).toNanos());
        }
    }

    @Test
    void aWrongKeystorePasswordRefusesToStartNamingTheFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> start(
                TlsConfig.builder().pkcs12(certs.keyStore, "wrong").build()).close());
        assertTrue(e.getMessage().contains(certs.keyStore.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateRefusesToStartNamingTheFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> start(
                TlsConfig.builder().pem(certs.certificateChain, certs.otherKey).build()).close());
        assertTrue(e.getMessage().contains(certs.otherKey.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not match the certificate"), e.getMessage());
    }

    @Test
    void aMissingOrUnreadableFileRefusesToStartNamingTheFile() throws Exception {
        Path missing = dir.resolve("missing.pem");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> start(
                TlsConfig.builder().pem(missing, certs.privateKey).build()).close());
        assertTrue(e.getMessage().contains(missing + ": no such file"), e.getMessage());

        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a key");
        e = assertThrows(IllegalArgumentException.class, () -> start(
                TlsConfig.builder().pem(certs.certificateChain, garbage).build()).close());
        assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());
    }

    @Test
    void anEncryptedPemKeyNeedsItsPassword() throws Exception {
        Path openssl = Path.of("/usr/bin/openssl");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(openssl),
                "openssl is not installed: the encrypted-PEM case is skipped");
        Path encrypted = dir.resolve("server-key-encrypted.pem");
        Process process = new ProcessBuilder(openssl.toString(), "pkcs8", "-topk8", "-v2", "aes-256-cbc",
                "-in", certs.privateKey.toString(), "-out", encrypted.toString(), "-passout", "pass:s3cret")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);

        try (HttpServer server = start(TlsConfig.builder().pem(certs.certificateChain, encrypted, "s3cret").build())) {
            assertEquals("https /", get(server, "/").body());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> start(
                TlsConfig.builder().pem(certs.certificateChain, encrypted, "wrong").build()).close());
        assertTrue(e.getMessage().contains(encrypted.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
    }

    @Test
    void passwordsPrintAsStars() {
        TlsConfig tls = TlsConfig.builder().pkcs12(certs.keyStore, "hunter2").build();
        String printed = ServerConfig.builder().tls(tls).build().toString();
        assertTrue(printed.contains("keyStorePassword=****"), printed);
        assertFalse(printed.contains("hunter2"), printed);
        String pem = TlsConfig.builder().pem(certs.certificateChain, certs.privateKey, "hunter2").build().toString();
        assertTrue(pem.contains("keyPassword=****"), pem);
        assertFalse(pem.contains("hunter2"), pem);
    }

    @Test
    void theBuilderRejectsOldProtocolsAndAMissingKey() {
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.builder().protocols("TLSv1.1"));
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.builder().build());
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.builder().handshakeTimeout(Duration.ZERO));
    }

    @ParameterizedTest
    @EnumSource(value = TlsConfig.Engine.class, names = {"JDK", "OPENSSL"})
    void aFileBodyGoesThroughTheTlsHandlerNotSendfile(TlsConfig.Engine engine) throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("big-" + engine + ".bin"), content);
        TlsConfig tls = TlsConfig.builder().pem(certs.certificateChain, certs.privateKey).engine(engine).build();
        try (HttpServer server = TestServers.start(ServerConfig.builder().tls(tls),
                request -> StaticFiles.file(request, file).toCompletableFuture())) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(certs.clientContext()).build();
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + server.port() + "/big")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            org.junit.jupiter.api.Assertions.assertArrayEquals(content, response.body());
        }
    }

    /** {@code openssl s_client} as the client that can ask for what the server must refuse. */
    @ParameterizedTest
    @EnumSource(value = TlsConfig.Engine.class, names = {"JDK", "OPENSSL"})
    void oldProtocolsAndCbcSuitesAreRefused(TlsConfig.Engine engine) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")),
                "openssl is not installed: the protocol and cipher checks are skipped");
        try (HttpServer server = start(TlsConfig.builder().pem(certs.certificateChain, certs.privateKey)
                .engine(engine).build())) {
            assertTrue(handshakes(server, "-tls1_3"), "TLS 1.3");
            assertTrue(handshakes(server, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"), "TLS 1.2 GCM");
            assertFalse(handshakes(server, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"), "TLS 1.1");
            assertFalse(handshakes(server, "-tls1", "-cipher", "DEFAULT@SECLEVEL=0"), "TLS 1.0");
            assertFalse(handshakes(server, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA"), "CBC");
            assertFalse(handshakes(server, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-SHA384"), "CBC SHA384");
        }
    }

    private static boolean handshakes(HttpServer server, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/openssl", "s_client", "-connect",
                "127.0.0.1:" + server.port(), "-CAfile", certs.caCertificate.toString(), "-verify_return_error"));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close(); // no input: s_client ends after the handshake
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ok = process.waitFor() == 0 && output.contains("Verify return code: 0 (ok)");
        return ok;
    }

    @Test
    void anExpiredCertificateStartsWithAWarningNamingTheFileAndTheDate() throws Exception {
        Path expired = certs.expiredKeyStore();
        try (LogCapture log = LogCapture.of("dev.loopline.server");
             HttpServer server = start(TlsConfig.builder().pkcs12(expired, TestCertificates.PASSWORD).build())) {
            String warnings = log.events(Level.WARN).toString();
            assertTrue(warnings.contains(expired.toString()) && warnings.contains("expired on"), warnings);
        }
    }

    @Test
    void theCipherListIsConfigurable() throws Exception {
        try (HttpServer server = start(TlsConfig.builder().pem(certs.certificateChain, certs.privateKey)
                .protocols("TLSv1.2").ciphers("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384").build())) {
            assertEquals("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                    get(server, "/").sslSession().orElseThrow().getCipherSuite());
        }
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.builder().ciphers("ECDHE-RSA-AES128-SHA"));
    }

    @Test
    void anUnsupportedKeyTypeRefusesToStartNamingTheFileAndTheType() throws Exception {
        Path dsa = certs.dsaKeyStore();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> start(
                TlsConfig.builder().pkcs12(dsa, TestCertificates.PASSWORD).build()).close());
        assertTrue(e.getMessage().contains(dsa.toString()) && e.getMessage().contains("unsupported key type DSA"),
                e.getMessage());
    }
}
