package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** close() stops accepting, lets requests in flight finish with Connection: close, then stops everything. */
class GracefulShutdownTest {

    private static final int IN_FLIGHT = 20;

    @Test
    void requestsInFlightGetCompleteResponsesAndNewConnectionsAreRefused() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        HttpServer server = TestServers.start(ServerConfig.builder().shutdownGracePeriod(Duration.ofSeconds(10)),
                request -> {
                    CompletableFuture<Response> later = new CompletableFuture<>();
                    timer.schedule(() -> later.complete(Response.text("done " + request.path())), 300,
                            TimeUnit.MILLISECONDS);
                    return later;
                });
        int port = server.port();
        List<RawClient> clients = new ArrayList<>();
        try (RawClient idle = new RawClient(port)) {
            for (int i = 0; i < IN_FLIGHT; i++) {
                RawClient client = new RawClient(port, 15_000);
                client.send("GET /r" + i + " HTTP/1.1\r\nHost: a\r\n\r\n");
                clients.add(client);
            }
            Await.until("all requests in flight", () -> server.stats().requestsInFlight() >= IN_FLIGHT);

            Thread closer = new Thread(server::close);
            closer.start();

            for (int i = 0; i < IN_FLIGHT; i++) {
                RawResponse response = clients.get(i).readResponse();
                assertEquals(200, response.status());
                assertEquals("done /r" + i, response.bodyText(), "the whole body arrives");
                assertEquals("close", response.header("Connection"));
                assertTrue(clients.get(i).isClosedByServer());
            }
            assertTrue(idle.isClosedByServer(), "an idle keep-alive connection is closed at shutdown");
            closer.join(15_000);
            assertTrue(!closer.isAlive(), "close() returns once everything has stopped");
            assertThrows(ConnectException.class, () -> new RawClient(port).close(), "no longer accepting");
            assertEquals(0, server.stats().requestsInFlight());
        } finally {
            for (RawClient client : clients) {
                client.close();
            }
            timer.shutdownNow();
        }
    }

    @Test
    void closeIsIdempotentAndStopsLoopThreads() throws Exception {
        HttpServer server = TestServers.start(request -> Response.text("ok").completed());
        try (RawClient client = new RawClient(server.port())) {
            assertEquals(200, client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n").status());
        }
        server.close();
        server.close();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("loopline-loop-") && !thread.getName().equals("loopline-loop-guard")) {
                thread.join(5_000);
            }
        }
        long loopThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("loopline-loop")).count();
        assertEquals(0, loopThreads, "no event loop or guard thread survives close()");
    }

    @Test
    void requestsStillRunningAfterTheGracePeriodAreCutOff() throws Exception {
        HttpServer server = TestServers.start(ServerConfig.builder().shutdownGracePeriod(Duration.ofMillis(200)),
                request -> new CompletableFuture<>()); // never completes
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /stuck HTTP/1.1\r\nHost: a\r\n\r\n");
            Await.until("the request is in flight", () -> server.stats().requestsInFlight() >= 1);
            server.close();
            assertEquals(0, client.readUntilClosed().length, "cut off without a partial response");
        }
    }
}
