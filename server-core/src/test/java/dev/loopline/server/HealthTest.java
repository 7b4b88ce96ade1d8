package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Liveness, readiness, and readiness flipping to 503 the moment shutdown begins. */
class HealthTest {

    private static final String GET = "GET %s HTTP/1.1\r\nHost: a\r\n\r\n";

    private static Handler routes(ScheduledExecutorService timer) {
        Handler live = Health.liveness();
        Handler ready = Health.readiness();
        return request -> {
            switch (request.path()) {
                case "/health/live":
                    return live.handle(request);
                case "/health/ready":
                    return ready.handle(request);
                default: {
                    CompletableFuture<Response> later = new CompletableFuture<>();
                    timer.schedule(() -> later.complete(Response.text("finished")), 400, TimeUnit.MILLISECONDS);
                    return later;
                }
            }
        };
    }

    @Test
    void readinessTurns503AtShutdownWhileRequestsInFlightComplete() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        HttpServer server = TestServers.start(ServerConfig.builder().drainDelay(Duration.ofMillis(600)), routes(timer));
        try (RawClient slow = new RawClient(server.port())) {
            try (RawClient probe = new RawClient(server.port())) {
                RawResponse ready = probe.exchange(String.format(GET, "/health/ready"));
                assertEquals(200, ready.status());
                assertEquals("{\"status\":\"UP\"}", ready.bodyText());
                assertEquals("no-store", ready.header("Cache-Control"));
            }
            slow.send(String.format(GET, "/slow"));
            Await.until("the slow request is in flight", () -> server.stats().requestsInFlight() >= 1);
            Thread closer = new Thread(server::close);
            closer.start();
            Await.until("shutdown has begun", () -> server.stats().shuttingDown());
            // During the drain delay the server still accepts, and says it is not ready.
            try (RawClient probe = new RawClient(server.port())) {
                RawResponse ready = probe.exchange(String.format(GET, "/health/ready"));
                assertEquals(503, ready.status());
                assertEquals("{\"status\":\"SHUTTING_DOWN\"}", ready.bodyText());
                assertEquals(200, probe.exchange(String.format(GET, "/health/live")).status(), "still alive");
            }
            RawResponse finished = slow.readResponse();
            assertEquals(200, finished.status());
            assertEquals("finished", finished.bodyText());
            closer.join(10_000);
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void readinessChecksReportEachResult() throws Exception {
        Map<String, java.util.function.BooleanSupplier> checks = new LinkedHashMap<>();
        checks.put("database", () -> true);
        checks.put("cache", () -> {
            throw new IllegalStateException("cache unreachable");
        });
        try (HttpServer server = TestServers.start(Health.readiness(checks));
             RawClient client = new RawClient(server.port())) {
            RawResponse response = client.exchange(String.format(GET, "/health/ready"));
            assertEquals(503, response.status());
            assertEquals("{\"status\":\"DOWN\",\"checks\":{\"database\":\"UP\",\"cache\":\"DOWN\"}}", response.bodyText());
        }
        checks.put("cache", () -> true);
        try (HttpServer server = TestServers.start(Health.readiness(checks));
             RawClient client = new RawClient(server.port())) {
            RawResponse response = client.exchange(String.format(GET, "/health/ready"));
            assertEquals(200, response.status());
            assertTrue(response.bodyText().startsWith("{\"status\":\"UP\""), response.bodyText());
        }
    }
}
