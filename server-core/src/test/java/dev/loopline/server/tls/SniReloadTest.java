package dev.loopline.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.loopline.server.HttpServer;
import dev.loopline.server.TlsConfig;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.LogCapture;
import dev.loopline.testsupport.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload of one SNI certificate: its new files serve new handshakes for its name; a broken file keeps the old. */
class SniReloadTest {

    @TempDir
    Path dir;

    @Test
    void aReplacedSniCertificateServesNewHandshakesForItsNameAndABrokenOneKeepsTheLastGoodOne() throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        TestCertificates.Issued first = certs.issue("first", "api.example.test");
        TestCertificates.Issued second = certs.issue("second", "api.example.test");
        Path live = Files.createDirectories(dir.resolve("live"));
        Path chain = live.resolve("chain.pem");
        Path key = live.resolve("key.pem");
        replace(first.certificateChain(), chain);
        replace(first.privateKey(), key);

        TlsConfig tls = TlsConfig.builder().pem(certs.certificateChain, certs.privateKey)
                .sniPem("api.example.test", chain, key).reloadInterval(Duration.ofMillis(100)).build();
        try (HttpServer server = SniTest.start(tls);
             LogCapture log = LogCapture.of("dev.loopline.server")) {
            assertEquals(first.certificate(), SniTest.served(certs, server, "api.example.test"));

            replace(second.privateKey(), key); // one file, then the other, as certbot does
            replace(second.certificateChain(), chain);
            Await.until("a new handshake for the name gets its new certificate", () -> {
                try {
                    return second.certificate().equals(SniTest.served(certs, server, "api.example.test"));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertEquals(certs.serverCertificate(), SniTest.served(certs, server, null), "the default is unchanged");
            assertTrue(errors(log).isEmpty(), "a reload of good files logs no ERROR: " + errors(log));
            assertTrue(log.events(Level.INFO).toString().contains("for server name api.example.test reloaded"),
                    log.events(Level.INFO).toString());

            Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n");
            Await.until("the broken key is reported", () -> !errors(log).isEmpty());
            Thread.sleep(500); // five more checks: still one ERROR
            List<String> errors = errors(log);
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).contains(key.toString()), errors.get(0));
            assertTrue(errors.get(0).contains("api.example.test"), errors.get(0));
            assertEquals(second.certificate(), SniTest.served(certs, server, "api.example.test"),
                    "the last good certificate stays");
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
}
