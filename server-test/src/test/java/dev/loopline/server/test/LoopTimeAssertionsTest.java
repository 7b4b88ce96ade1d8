package dev.loopline.server.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Offload;
import dev.loopline.server.Response;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.TestServers;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The loop-time assertion: a route that moved work onto the loop fails it; the same work offloaded passes. */
class LoopTimeAssertionsTest {

    private static final int CALLS = 30;

    static void burnFiveMillis() {
        long end = System.nanoTime() + 5_000_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private static Handler report(Handler work) {
        return request -> work.handle(request.withRoute("/reports/{id}", Map.of("id", "1")));
    }

    private static void call(HttpServer server, int times) throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            for (int i = 0; i < times; i++) {
                assertEquals(200, client.exchange("GET /reports/1 HTTP/1.1\r\nHost: a\r\n\r\n").status());
            }
        }
    }

    @Test
    void failsWhenTheRouteBurnsTheLoop() throws Exception {
        try (HttpServer server = TestServers.start(report(request -> {
            burnFiveMillis();
            return Response.text("report").completed();
        }))) {
            LoopTimeAssertions loop = LoopTimeAssertions.since(server);
            call(server, CALLS);
            AssertionError failure = assertThrows(AssertionError.class,
                    () -> loop.assertLoopTime("GET", "/reports/{id}", CALLS, 0.9, Duration.ofMillis(2)));
            assertTrue(failure.getMessage().startsWith("GET /reports/{id} spent up to ")
                    && failure.getMessage().contains("on the event loop at p90 over 30 calls, over the bound of 2000 µs")
                    && failure.getMessage().contains("Offload.cpu"), failure.getMessage());
        }
    }

    @Test
    void passesWhenTheSameWorkIsOffloadedAndCountsOnlyCallsAfterTheCheckpoint() throws Exception {
        try (HttpServer server = TestServers.start(report(Offload.cpu(request -> {
            LoopBudgetPause.pause();
            burnFiveMillis();
            return Response.text("report").completed();
        })))) {
            call(server, 20); // warm: the first calls load classes on the loop
            LoopTimeAssertions loop = LoopTimeAssertions.since(server);
            call(server, CALLS);
            loop.assertLoopTime("GET", "/reports/{id}", CALLS, 0.9, Duration.ofMillis(3)); // room for a noisy machine
            assertEquals(CALLS, loop.loopTime("GET", "/reports/{id}").calls());
        }
    }

    @Test
    void failsWhenTheRouteWasNotCalledEnough() throws Exception {
        try (HttpServer server = TestServers.start(report(request -> Response.text("report").completed()))) {
            LoopTimeAssertions loop = LoopTimeAssertions.since(server);
            call(server, 2);
            AssertionError failure = assertThrows(AssertionError.class,
                    () -> loop.assertLoopTime("GET", "/reports/{id}", 3, 1.0, Duration.ofMillis(1)));
            assertTrue(failure.getMessage().startsWith("expected at least 3 calls of GET /reports/{id} since the"
                    + " checkpoint, counted 2"), failure.getMessage());
        }
    }

    /** See LoopBudgetTest in server-core: the loop time is wall-clock, and a worker just woken may take the core. */
    static final class LoopBudgetPause {
        static void pause() {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
