package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Where two of a connection's mechanisms meet: deadlines, closes, timeouts and offloaded work. */
class ConnectionEdgesTest {

    private static final String GET = "GET %s HTTP/1.1\r\nHost: a\r\n\r\n";

    @Test
    void aPartialHeadBehindAnAnsweredRequestKeepsTheHeaderTimeout() throws Exception {
        ServerConfig.Builder config = ServerConfig.builder().headerTimeout(Duration.ofMillis(300))
                .idleTimeout(Duration.ofSeconds(60));
        try (HttpServer server = TestServers.start(config, // answered after the next head has begun to arrive
                request -> Delay.after(request, Duration.ofMillis(100), () -> Response.text("ok")));
             RawClient client = new RawClient(server.port(), 10_000)) {
            client.send(String.format(GET, "/first") + "GET /second HTTP/1.1\r\nHost: a\r\n"); // and no blank line
            assertEquals(200, client.readResponse().status());
            RawResponse timedOut = client.readResponse(); // 60 s of idle timeout would fail the read's 10 s
            assertEquals(408, timedOut.status());
        }
    }

    @Test
    void aClientThatNeverReadsARefusalIsStillClosed() throws Exception {
        ServerConfig.Builder config = ServerConfig.builder().headerTimeout(Duration.ofMillis(200))
                .idleTimeout(Duration.ofMillis(500));
        try (HttpServer server = TestServers.start(config, request ->
                Response.of(200, "application/octet-stream", Body.of(new byte[4 * 1024 * 1024])).completed());
             RawClient client = new RawClient(server.port())) {
            client.socket().setReceiveBufferSize(16 * 1024);
            client.send(String.format(GET, "/big") + "GET /next HTTP/1.1\r\nHost: a\r\n"); // then nothing, ever
            Await.until("the connection open", () -> server.stats().openConnections() == 1);
            Await.until("the server has closed it", () -> server.stats().openConnections() == 0);
        }
    }

    @Test
    void announcedBodiesDoNotReserveMemoryBeforeTheyArrive() throws Exception {
        int connections = 300;
        int announcedBytes = 1024 * 1024; // 300 MiB in all, if the server allocated from Content-Length
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (HttpServer server = TestServers.start(ServerConfig.builder().maxBodyBytes(announcedBytes),
                request -> Response.text("ok").completed())) {
            List<RawClient> clients = new ArrayList<>();
            try {
                System.gc();
                long before = memory.getHeapMemoryUsage().getUsed();
                for (int i = 0; i < connections; i++) {
                    RawClient client = new RawClient(server.port());
                    client.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + announcedBytes + "\r\n\r\nx");
                    clients.add(client);
                }
                Await.until("every head received", () -> server.stats().requestsInFlight() == connections);
                System.gc();
                long grownMiB = (memory.getHeapMemoryUsage().getUsed() - before) / (1024 * 1024);
                assertTrue(grownMiB < 100, "heap grew " + grownMiB + " MiB for " + connections + " announced bodies");
            } finally {
                for (RawClient client : clients) {
                    client.close();
                }
            }
        }
    }

    @Test
    void aRequestArrivingBehindAServerCloseIsNotHandled() throws Exception {
        AtomicInteger secondHandled = new AtomicInteger();
        try (HttpServer server = TestServers.start(request -> {
            if (request.path().equals("/second")) {
                secondHandled.incrementAndGet();
                return Response.text("second").completed();
            }
            return Delay.after(request, Duration.ofMillis(200),
                    () -> Response.text("bye").withHeader("Connection", "close"));
        }); RawClient client = new RawClient(server.port())) {
            client.send(String.format(GET, "/first") + "POST /second HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nab");
            RawResponse bye = client.readResponse();
            assertEquals("close", bye.header("Connection"));
            client.send("cd"); // the rest of the second body, after the server decided to close
            assertTrue(client.isClosedByServer());
            Await.until("the connection closed", () -> server.stats().openConnections() == 0);
            assertEquals(0, secondHandled.get(), "a request that will never be answered is not handled");
        }
    }

    @Test
    void queuedOffloadedWorkIsNotStartedAfterItsHandlerTimedOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger lateRuns = new AtomicInteger();
        Handler work = Offload.cpu(request -> {
            if (request.path().equals("/late")) {
                lateRuns.incrementAndGet();
            } else {
                awaitQuietly(release);
            }
            return Response.text("done").completed();
        });
        ServerConfig.Builder config = ServerConfig.builder().cpuThreads(1).handlerTimeout(Duration.ofMillis(300));
        try (HttpServer server = TestServers.start(config, work);
             RawClient busy = new RawClient(server.port());
             RawClient late = new RawClient(server.port())) {
            busy.send(String.format(GET, "/busy"));
            Await.until("the worker busy", () -> server.stats().cpuPool().active() == 1);
            RawResponse timedOut = late.exchange(String.format(GET, "/late"));
            assertEquals(503, timedOut.status(), "answered by the handler timeout while still queued");
            release.countDown();
            assertEquals(503, busy.readResponse().status(), "the busy one timed out too");
            Await.until("the pool idle", () -> server.stats().cpuPool().active() == 0
                    && server.stats().cpuPool().queueDepth() == 0);
            assertEquals(0, lateRuns.get(), "work for an answered request is skipped");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aBadHeaderOnAnHttpStatusExceptionFailsWhereItIsMade() {
        assertThrows(IllegalArgumentException.class,
                () -> new HttpStatusException(429, "slow down", Map.of("Retry-After", "1\r\nX-Evil: 1")));
        assertThrows(IllegalArgumentException.class,
                () -> new HttpStatusException(400, "bad", Map.of("Content-Length", "0")));
    }
}
