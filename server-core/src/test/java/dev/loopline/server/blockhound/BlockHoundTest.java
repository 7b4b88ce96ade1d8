package dev.loopline.server.blockhound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Offload;
import dev.loopline.server.Response;
import dev.loopline.server.StaticFiles;
import dev.loopline.testsupport.LogCapture;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.blockhound.BlockHound;

/**
 * Loop threads are recognisable as non-blocking to BlockHound (they are Netty FastThreadLocalThreads, which
 * Netty's own BlockHound integration marks), so a user's test can turn any blocking call on a loop into an
 * error. Runs in its own JVM (BlockHound instruments the whole JVM; see the "blockhound" execution in the pom).
 */
class BlockHoundTest {

    private static final Handler SLEEPS = request -> {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Response.text("slept on " + Thread.currentThread().getName()).completed();
    };

    @BeforeAll
    static void installBlockHound() {
        BlockHound.install();
    }

    @Test
    void sleepingOnTheLoopFailsUnderBlockHound() throws Exception {
        try (LogCapture log = LogCapture.of("dev.loopline");
             HttpServer server = TestServers.start(SLEEPS);
             RawClient client = new RawClient(server.port())) {
            assertEquals(500, client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n").status());
            List<ILoggingEvent> errors = log.events(Level.ERROR);
            assertEquals(1, errors.size());
            assertNotNull(errors.get(0).getThrowableProxy());
            String error = errors.get(0).getThrowableProxy().getClassName() + ": "
                    + errors.get(0).getThrowableProxy().getMessage();
            assertTrue(error.contains("BlockingOperationError") && error.contains("java.lang.Thread.sleep"), error);
        }
    }

    @Test
    void theSameHandlerUnderOffloadBlockingPasses() throws Exception {
        try (HttpServer server = TestServers.start(Offload.blocking(SLEEPS));
             RawClient client = new RawClient(server.port())) {
            var response = client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals(200, response.status());
            assertTrue(response.bodyText().startsWith("slept on loopline-blocking-"), response.bodyText());
        }
    }

    @Test
    void staticFilesBlockNoLoop(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("page.html"), "<p>served</p>".repeat(10_000)); // big enough for sendfile
        try (LogCapture log = LogCapture.of("dev.loopline");
             HttpServer server = TestServers.start(StaticFiles.directory(root).build());
             RawClient client = new RawClient(server.port())) {
            for (String extra : List.of("", "Range: bytes=0-9\r\n", "If-None-Match: \"x\"\r\n")) {
                var response = client.exchange("GET /page.html HTTP/1.1\r\nHost: a\r\n" + extra + "\r\n");
                assertTrue(response.status() == 200 || response.status() == 206, "status " + response.status());
            }
            assertTrue(log.events(Level.ERROR).isEmpty(), "errors: " + log.events(Level.ERROR));
        }
    }
}
