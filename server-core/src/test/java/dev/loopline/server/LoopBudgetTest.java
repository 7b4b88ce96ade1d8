package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.LogCapture;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The loop budget: loop time is measured per route and method, a route over the budget is named in a WARN with the
 * advice to offload it, the same work offloaded is not, and the diagnostic JSON lists both.
 */
class LoopBudgetTest {

    private static final String GUARD_LOGGER = "dev.loopline.loopguard";
    private static final int CALLS = 120; // the budget judges a route after 100 calls in its window

    /** Deliberately the anti-pattern: burns {@code millis} of CPU on whatever thread runs it. */
    static void burn(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A tiny router: the route pattern is what the path says, as a real router would set it. */
    static Handler routes() {
        Handler burnOnLoop = request -> {
            burn(5);
            return Response.text("burnt").completed();
        };
        Handler burnOffloaded = Offload.cpu(request -> {
            // The loop time is wall-clock time: on a machine whose other core is busy, the OS may run a worker it
            // has just woken on the loop's core at once, and the loop's time would include that. The pause keeps this
            // test about what the route does on the loop, not about the OS scheduler.
            pause(1);
            burn(5);
            return Response.text("burnt elsewhere").completed();
        });
        Handler report = LoopReport.handler();
        return request -> {
            switch (request.path()) {
                case "/reports/7":
                    return burnOnLoop.handle(request.withRoute("/reports/{id}", Map.of("id", "7")));
                case "/offloaded/7":
                    return burnOffloaded.handle(request.withRoute("/offloaded/{id}", Map.of("id", "7")));
                case "/continued":
                    return continued(request.withRoute("/continued", Map.of()));
                case "/loop":
                    return report.handle(request.withRoute("/loop", Map.of()));
                default:
                    return Response.problem(404, "no route").completed();
            }
        };
    }

    /** Returns at once; its continuation, brought back to the loop by Offload.loop, burns 3 ms there. */
    private static CompletionStage<Response> continued(Request request) {
        return CompletableFuture.supplyAsync(() -> "elsewhere")
                .thenApplyAsync(value -> {
                    burn(3);
                    return Response.text(value);
                }, Offload.loop(request));
    }

    private static void get(RawClient client, String path, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            assertEquals(200, client.exchange("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n").status(), path);
        }
    }

    @Test
    void aRouteThatBurnsTheLoopIsNamedAndTheSameWorkOffloadedIsNot() throws Exception {
        try (LogCapture log = LogCapture.of(GUARD_LOGGER);
             HttpServer server = TestServers.start(ServerConfig.builder().eventLoops(2)
                     .loopBudget(Duration.ofMillis(2)), routes());
             RawClient client = new RawClient(server.port())) {
            get(client, "/offloaded/7", CALLS); // first: the check that names /reports has seen these too
            get(client, "/reports/7", CALLS);

            Await.until("a WARN names GET /reports/{id}", () -> warnings(log).stream()
                    .anyMatch(line -> line.contains("GET /reports/{id}")), () -> warnings(log));
            String warning = warnings(log).stream().filter(line -> line.contains("/reports/{id}")).findFirst()
                    .orElseThrow();
            assertTrue(warning.contains("spends p99") && warning.contains("on the event loop over the last 60 s")
                    && warning.contains("budget 2.0 ms") && warning.contains("Offload.cpu"), warning);
            assertFalse(warnings(log).stream().anyMatch(line -> line.contains("/offloaded")),
                    "the offloaded route is within the budget: " + warnings(log));

            RouteLoopTime burning = find(server.routeLoopTimes(), "GET", "/reports/{id}");
            RouteLoopTime offloaded = find(server.routeLoopTimes(), "GET", "/offloaded/{id}");
            assertEquals(CALLS, burning.calls());
            assertEquals(CALLS, offloaded.calls());
            assertTrue(burning.percentile(0.5).compareTo(Duration.ofMillis(5)) >= 0, burning.toString());
            assertTrue(offloaded.percentile(0.5).multipliedBy(5).compareTo(burning.percentile(0.5)) < 0,
                    "offloaded work is not loop time: " + offloaded + " against " + burning);

            get(client, "/reports/7", CALLS); // the same route again within the minute: not named twice
            Thread.sleep(1_500); // at least one more check of the budget
            assertEquals(1, warnings(log).stream().filter(line -> line.contains("/reports/{id}")).count(),
                    "at most one WARN a minute per route: " + warnings(log));
        }
    }

    @Test
    void continuationsOnTheLoopCountAsTheRoutesLoopTime() throws Exception {
        try (HttpServer server = TestServers.start(ServerConfig.builder().eventLoops(1), routes());
             RawClient client = new RawClient(server.port())) {
            get(client, "/continued", 5);
            Await.until("five calls counted", () -> find(server.routeLoopTimes(), "GET", "/continued").calls() == 5);
            RouteLoopTime continued = find(server.routeLoopTimes(), "GET", "/continued");
            assertTrue(continued.percentile(0.5).compareTo(Duration.ofMillis(3)) >= 0,
                    "the 3 ms run on the loop through Offload.loop are the route's: " + continued);
        }
    }

    @Test
    void theDiagnosticJsonListsRoutesByLoopTimeWithLoopsAndPools() throws Exception {
        try (HttpServer server = TestServers.start(ServerConfig.builder().eventLoops(1)
                .loopBudget(Duration.ofMillis(2)), routes());
             RawClient client = new RawClient(server.port())) {
            get(client, "/offloaded/7", 3);
            get(client, "/reports/7", 3);
            Await.until("the pool has finished its three tasks", () -> server.stats().cpuPool().completed() == 3
                    && server.stats().cpuPool().active() == 0, server::stats);
            RawResponse report = client.exchange("GET /loop HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals(200, report.status());
            assertEquals("application/json", report.header("Content-Type").split(";")[0]);
            String json = report.bodyText();
            assertTrue(json.startsWith("{\"budgetMicros\":2000,\"windowSeconds\":60,\"routes\":[{\"method\":\"GET\","
                    + "\"route\":\"/reports/{id}\",\"calls\":3,"), "the route with the most loop time first: " + json);
            assertTrue(json.contains("\"route\":\"/offloaded/{id}\",\"calls\":3,"), json);
            assertTrue(json.matches(".*\"/reports/\\{id}\",\"calls\":3,[^}]*\"overBudget\":true}.*"), json);
            assertTrue(json.contains("\"loops\":[{\"thread\":\"loopline-loop-1\",\"lagMicros\":"), json);
            assertTrue(json.contains("\"pools\":[{\"name\":\"cpu\",\"queueDepth\":0,\"active\":0,\"rejected\":0,"
                    + "\"completed\":3}"), json);
        }
    }

    @Test
    void aReportWithoutAServerSaysSo() throws Exception {
        Response response = LoopReport.handler().handle(Request.builder("GET", "/loop").build())
                .toCompletableFuture().get();
        assertEquals(503, response.status());
        assertTrue(new String(response.body().bytes(), java.nio.charset.StandardCharsets.UTF_8)
                .contains("the loop report needs a request that arrived on a server"));
    }

    static RouteLoopTime find(List<RouteLoopTime> times, String method, String route) {
        return times.stream().filter(t -> t.method().equals(method) && t.route().equals(route)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + method + " " + route + " in " + times));
    }

    private static List<String> warnings(LogCapture log) {
        return log.events(Level.WARN).stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
    }
}
