package dev.loopline.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.TlsConfig;
import dev.loopline.testsupport.LogCapture;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.TestCertificates;
import dev.loopline.testsupport.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several certificates chosen by the server name the client asks for (SNI), over real sockets with the JDK's HTTP
 * client on both engines. The client checks each certificate against the test CA and the name it asked for.
 */
class SniTest {

    @TempDir
    static Path dir;
    static TestCertificates certs;
    static TestCertificates.Issued api;      // api.example.test
    static TestCertificates.Issued wildcard; // *.wild.example.test
    static TestCertificates.Issued exact;    // exact.wild.example.test, which beats the wildcard

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.create(dir);
        api = certs.issue("api", "api.example.test");
        wildcard = certs.issue("wild", "*.wild.example.test");
        exact = certs.issue("exact", "exact.wild.example.test");
    }

    static HttpServer start(TlsConfig tls) {
        return TestServers.start(ServerConfig.builder().tls(tls), request -> CompletableFuture.completedFuture(
                Response.text("hello " + request.path() + " " + request.context().tls().orElseThrow().serverName()
                        .orElse("-"))));
    }

    private static Certificate served(HttpServer server, String serverName) throws Exception {
        return served(certs, server, serverName);
    }

    /**
     * The certificate the server presents to a new connection that asks for {@code serverName} (null: no SNI), which
     * the client checks against the CA of {@code trusted} and that name (or, failing that, 127.0.0.1).
     */
    static Certificate served(TestCertificates trusted, HttpServer server, String serverName) throws Exception {
        SSLContext context = trusted.clientContext(); // a new one each time: no session is resumed
        SSLParameters parameters = context.getDefaultSSLParameters();
        if (serverName != null) {
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context)
                .sslParameters(parameters).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + server.port() + "/sni")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("hello /sni " + (serverName == null ? "-" : serverName.toLowerCase(Locale.ROOT)),
                response.body(), "the handler sees the name asked for, in lower case");
        return response.sslSession().orElseThrow().getPeerCertificates()[0];
    }

    @ParameterizedTest
    @EnumSource(value = TlsConfig.Engine.class, names = {"JDK", "OPENSSL"})
    void eachNameGetsItsCertificateAndUnknownNamesOrNoNameGetTheDefault(TlsConfig.Engine engine) throws Exception {
        TlsConfig tls = TlsConfig.builder().pem(certs.certificateChain, certs.privateKey).engine(engine)
                .sniPem("API.example.test", api.certificateChain(), api.privateKey())
                .sniPkcs12("*.wild.example.test", wildcard.keyStore(), TestCertificates.PASSWORD)
                .sniPem("exact.wild.example.test", exact.certificateChain(), exact.privateKey())
                .build();
        try (HttpServer server = start(tls)) {
            assertEquals(api.certificate(), served(server, "api.example.test"));
            assertEquals(api.certificate(), served(server, "API.EXAMPLE.test"), "names match ignoring case");
            assertEquals(wildcard.certificate(), served(server, "shop.wild.example.test"), "one label: wildcard");
            assertEquals(exact.certificate(), served(server, "exact.wild.example.test"), "exact beats wildcard");
            assertEquals(certs.serverCertificate(), served(server, "a.b.wild.example.test"), "two labels: default");
            assertEquals(certs.serverCertificate(), served(server, "wild.example.test"), "no label: default");
            assertEquals(certs.serverCertificate(), served(server, "unknown.example.test"), "unknown: default");
            assertEquals(certs.serverCertificate(), served(server, null), "no SNI: default");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsConfig.Engine.class, names = {"JDK", "OPENSSL"})
    void anSniCertificateServesHttp2ChosenByAlpnAndItsStreamsSeeTheName(TlsConfig.Engine engine) throws Exception {
        try (HttpServer server = start(TlsConfig.builder().pem(certs.certificateChain, certs.privateKey)
                .engine(engine).sniPem("api.example.test", api.certificateChain(), api.privateKey()).build())) {
            SSLContext context = certs.clientContext();
            SSLParameters parameters = context.getDefaultSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName("api.example.test")));
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(context)
                    .sslParameters(parameters).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + server.port() + "/h2")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, response.version());
            assertEquals("hello /h2 api.example.test", response.body());
            assertEquals(api.certificate(), response.sslSession().orElseThrow().getPeerCertificates()[0]);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsConfig.Engine.class, names = {"JDK", "OPENSSL"})
    void withoutSniCertificatesEveryNameGetsTheDefaultAndTheHandlerStillSeesTheName(TlsConfig.Engine engine)
            throws Exception {
        try (HttpServer server = start(TlsConfig.builder().pem(certs.certificateChain, certs.privateKey)
                .engine(engine).build())) {
            assertEquals(certs.serverCertificate(), served(server, "localhost"));
            assertEquals(certs.serverCertificate(), served(server, "api.example.test"));
            assertEquals(certs.serverCertificate(), served(server, null));
        }
    }

    @Test
    void namesWithTheSameFilesShareOneCertificate() throws Exception {
        TlsConfig tls = TlsConfig.builder().pem(certs.certificateChain, certs.privateKey)
                .sniPem("api.example.test", api.certificateChain(), api.privateKey())
                .sniPem("localhost", certs.certificateChain, certs.privateKey)
                .sniPem("*.wild.example.test", wildcard.certificateChain(), wildcard.privateKey())
                .sniPem("one.wild.example.test", wildcard.certificateChain(), wildcard.privateKey())
                .build();
        try (HttpServer server = start(tls)) {
            assertEquals(wildcard.certificate(), served(server, "one.wild.example.test"));
            assertEquals(wildcard.certificate(), served(server, "two.wild.example.test"));
            assertEquals(certs.serverCertificate(), served(server, "localhost"));
            assertEquals(api.certificate(), served(server, "api.example.test"));
        }
    }

    @Test
    void aMissingSniFileRefusesToStartNamingTheFileAndTheName() {
        Path missing = dir.resolve("missing-chain.pem");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> start(TlsConfig.builder()
                .pem(certs.certificateChain, certs.privateKey)
                .sniPem("api.example.test", missing, api.privateKey()).build()).close());
        assertTrue(e.getMessage().contains(missing + ": no such file"), e.getMessage());
        assertTrue(e.getMessage().contains("for server name api.example.test"), e.getMessage());
    }

    @Test
    void aWrongSniKeystorePasswordOrAKeyOfAnotherCertificateRefusesToStartNamingTheFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> start(TlsConfig.builder()
                .pem(certs.certificateChain, certs.privateKey)
                .sniPkcs12("*.wild.example.test", wildcard.keyStore(), "wrong").build()).close());
        assertTrue(e.getMessage().contains(wildcard.keyStore() + ": wrong password"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> start(TlsConfig.builder()
                .pem(certs.certificateChain, certs.privateKey)
                .sniPem("api.example.test", api.certificateChain(), certs.otherKey).build()).close());
        assertTrue(e.getMessage().contains(certs.otherKey + ": does not match the certificate"), e.getMessage());
    }

    @Test
    void anExpiredSniCertificateStartsWithAWarningNamingTheFile() throws Exception {
        Path expired = certs.expiredKeyStore();
        try (LogCapture log = LogCapture.of("dev.loopline.server");
             HttpServer server = start(TlsConfig.builder().pem(certs.certificateChain, certs.privateKey)
                     .sniPkcs12("old.example.test", expired, TestCertificates.PASSWORD).build())) {
            String warnings = log.events(Level.WARN).toString();
            assertTrue(warnings.contains(expired.toString()) && warnings.contains("expired on"), warnings);
        }
    }

    @Test
    void aClientThatStallsBeforeItsClientHelloEndsIsClosedAfterTheHandshakeTimeout() throws Exception {
        try (HttpServer server = start(TlsConfig.builder().pem(certs.certificateChain, certs.privateKey)
                .sniPem("api.example.test", api.certificateChain(), api.privateKey())
                .handshakeTimeout(Duration.ofMillis(300)).build());
             RawClient client = new RawClient(server.port(), 5000)) {
            // the start of a TLS handshake record that announces 200 bytes, then nothing
            client.send(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xc8, 0x01, 0x00});
            assertTrue(client.isClosedByServer());
        }
    }

    @Test
    void aClientHelloOverTheLimitIsClosedWithoutAWarning() throws Exception {
        try (LogCapture log = LogCapture.of("dev.loopline.server");
             HttpServer server = start(TlsConfig.builder().pem(certs.certificateChain, certs.privateKey)
                     .sniPem("api.example.test", api.certificateChain(), api.privateKey()).build());
             RawClient client = new RawClient(server.port(), 5000)) {
            // a handshake record whose ClientHello says it is 1 MiB long
            client.send(new byte[] {0x16, 0x03, 0x01, 0x00, 0x10, 0x01, 0x10, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0});
            assertTrue(client.isClosedByServer());
            assertTrue(log.events(Level.WARN).isEmpty(), log.events(Level.WARN).toString());
        }
    }

    /** {@code openssl s_client -servername}: another TLS stack's SNI, checked against the name it asked for. */
    @ParameterizedTest
    @EnumSource(value = TlsConfig.Engine.class, names = {"JDK", "OPENSSL"})
    void opensslGetsTheCertificateOfTheNameItAsksFor(TlsConfig.Engine engine) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")),
                "openssl is not installed: the s_client -servername check is skipped");
        try (HttpServer server = start(TlsConfig.builder().pem(certs.certificateChain, certs.privateKey)
                .engine(engine).sniPem("api.example.test", api.certificateChain(), api.privateKey())
                .sniPem("*.wild.example.test", wildcard.certificateChain(), wildcard.privateKey()).build())) {
            String named = sClient(server, "api.example.test");
            assertTrue(named.contains("CN = api.example.test") || named.contains("CN=api.example.test"), named);
            String wild = sClient(server, "shop.wild.example.test");
            assertTrue(wild.contains("*.wild.example.test"), wild);
            String fallback = sClient(server, "localhost");
            assertTrue(fallback.contains("CN = localhost") || fallback.contains("CN=localhost"), fallback);
        }
    }

    /** The output of a handshake that verified the certificate against the CA and {@code serverName}. */
    private static String sClient(HttpServer server, String serverName) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/openssl", "s_client", "-connect",
                "127.0.0.1:" + server.port(), "-servername", serverName, "-verify_hostname", serverName,
                "-CAfile", certs.caCertificate.toString(), "-verify_return_error"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close(); // no input: s_client ends after the handshake
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        assertTrue(output.contains("Verify return code: 0 (ok)"), output);
        return output;
    }
}
