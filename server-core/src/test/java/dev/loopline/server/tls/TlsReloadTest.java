package dev.loopline.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.TlsConfig;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.LogCapture;
import dev.loopline.testsupport.TestCertificates;
import dev.loopline.testsupport.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificate hot reload: new files serve new handshakes, open connections keep theirs, broken files are refused. */
class TlsReloadTest {

    @TempDir
    Path dir;

    @Test
    void replacedFilesServeNewHandshakesWhileOpenConnectionsKeepWorkingAndABrokenFileKeepsTheOldOne()
            throws Exception {
        TestCertificates a = TestCertificates.create(Files.createDirectories(dir.resolve("a")));
        TestCertificates b = TestCertificates.create(Files.createDirectories(dir.resolve("b")));
        Path live = Files.createDirectories(dir.resolve("live"));
        Path chain = live.resolve("chain.pem");
        Path key = live.resolve("key.pem");
        replace(a.certificateChain, chain);
        replace(a.privateKey, key);

        TlsConfig tls = TlsConfig.builder().pem(chain, key).reloadInterval(Duration.ofMillis(100)).build();
        try (HttpServer server = TestServers.start(ServerConfig.builder().tls(tls),
                request -> CompletableFuture.completedFuture(Response.text("ok")));
             LogCapture log = LogCapture.of("dev.loopline.server")) {
            HttpClient open = client(a, b);
            assertEquals(a.serverCertificate(), served(open, server));

            replace(b.privateKey, key); // as certbot does: one file, then the other
            replace(b.certificateChain, chain);
            Await.until("a new handshake gets the new certificate", () -> {
                try {
                    return b.serverCertificate().equals(served(client(a, b), server));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertEquals(a.serverCertificate(), served(open, server), "the open connection keeps its certificate");
            assertTrue(errors(log).isEmpty(), "a reload of good files logs no ERROR: " + errors(log));

            Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n");
            Await.until("the broken key is reported", () -> !errors(log).isEmpty());
            Thread.sleep(500); // five more checks: still one ERROR
            List<String> errors = errors(log);
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).contains(key.toString()), errors.get(0));
            assertEquals(b.serverCertificate(), served(client(a, b), server), "the last good certificate stays");
        }
    }

    private static List<String> errors(LogCapture log) {
        return log.events(Level.ERROR).stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
    }

    private static void replace(Path from, Path to) throws IOException {
        Path temporary = Files.copy(from, to.resolveSibling(to.getFileName() + ".new"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.move(temporary, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static HttpClient client(TestCertificates... trusted) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(TestCertificates.clientContext(trusted)).build();
    }

    private static Certificate served(HttpClient client, HttpServer server) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + server.port() + "/")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.sslSession().orElseThrow().getPeerCertificates()[0];
    }
}
