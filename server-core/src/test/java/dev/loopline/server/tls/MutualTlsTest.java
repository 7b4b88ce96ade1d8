package dev.loopline.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.TlsConfig;
import dev.loopline.server.TlsSession;
import dev.loopline.testsupport.TestCertificates;
import dev.loopline.testsupport.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Client certificates (none, optional, required) and the TLS session on the request context. */
class MutualTlsTest {

    @TempDir
    static Path dir;
    static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.create(dir);
        certs.clientKeyStore();
    }

    private static HttpServer start(TlsConfig.ClientAuth mode, TlsConfig.Engine engine) {
        TlsConfig tls = TlsConfig.builder().pem(certs.certificateChain, certs.privateKey).engine(engine)
                .clientAuth(mode, mode == TlsConfig.ClientAuth.NONE ? null : certs.caCertificate).build();
        return TestServers.start(ServerConfig.builder().tls(tls), request -> CompletableFuture.completedFuture(
                Response.text(request.context().tls().map(MutualTlsTest::describe).orElse("cleartext"))));
    }

    private static String describe(TlsSession session) {
        return session.protocol() + " " + (session.peerCertificates().isEmpty() ? "anonymous"
                : session.peerCertificates().get(0).getSubjectX500Principal().getName());
    }

    private static String get(HttpServer server, SSLContext client) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(client).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + server.port() + "/")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    @ParameterizedTest
    @EnumSource(value = TlsConfig.Engine.class, names = {"JDK", "OPENSSL"})
    void requiredLetsInOnlyClientsWithATrustedCertificateAndShowsTheirChain(TlsConfig.Engine engine)
            throws Exception {
        try (HttpServer server = start(TlsConfig.ClientAuth.REQUIRED, engine)) {
            assertEquals("TLSv1.3 CN=test client", get(server, certs.clientContextWithCertificate()));
            assertThrows(IOException.class, () -> get(server, certs.clientContext()));
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsConfig.Engine.class, names = {"JDK", "OPENSSL"})
    void optionalLetsInClientsWithoutACertificate(TlsConfig.Engine engine) throws Exception {
        try (HttpServer server = start(TlsConfig.ClientAuth.OPTIONAL, engine)) {
            assertEquals("TLSv1.3 anonymous", get(server, certs.clientContext()));
            assertEquals("TLSv1.3 CN=test client", get(server, certs.clientContextWithCertificate()));
        }
    }

    @Test
    void noneAsksForNoCertificateButTheSessionIsOnTheContext() throws Exception {
        try (HttpServer server = start(TlsConfig.ClientAuth.NONE, TlsConfig.Engine.AUTO)) {
            assertEquals("TLSv1.3 anonymous", get(server, certs.clientContextWithCertificate()));
        }
    }

    @Test
    void aCleartextServerHasNoTlsSession() throws Exception {
        try (HttpServer server = TestServers.start(request -> CompletableFuture.completedFuture(
                Response.text(String.valueOf(request.context().tls().isPresent()))))) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("false", response.body());
        }
    }
}
