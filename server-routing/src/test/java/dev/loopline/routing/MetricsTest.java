package dev.loopline.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.HttpServer;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Offload;
import dev.loopline.server.Response;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.TestServers;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Micrometer: request timers tagged by route pattern, never the raw path; the server's own gauges. */
class MetricsTest {

    private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private static HttpServer server;

    @BeforeAll
    static void start() {
        Router router = Router.builder()
                .filter(Metrics.filter(registry))
                .get("/todos/{id}", request -> Response.text("todo " + request.pathParam("id")).completed())
                .get("/fail", request -> {
                    throw new HttpStatusException(409, "conflict");
                })
                .get("/hash", Offload.cpu(request -> Response.text("hashed").completed()))
                .websocket("/ws", dev.loopline.server.WebSocketOptions.defaults(),
                        request -> new dev.loopline.server.WebSocketListener() {
                            @Override
                            public void onText(dev.loopline.server.WebSocket session, String text) {
                                session.sendText(text);
                            }
                        })
                .build();
        server = TestServers.start(router);
        Metrics.bind(registry, server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static int get(String path) throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            return client.exchange("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n").status();
        }
    }

    private static Timer timer(String route, String status) {
        return registry.find(Metrics.REQUESTS).tag("route", route).tag("status", status).timer();
    }

    @Test
    void requestsAreTimedByRoutePatternNeverByRawPath() throws Exception {
        assertEquals(200, get("/todos/1"));
        assertEquals(200, get("/todos/2"));
        assertEquals(200, get("/todos/3"));
        assertEquals(404, get("/nope/1"));
        assertEquals(409, get("/fail"));

        Timer todos = timer("/todos/{id}", "200");
        assertNotNull(todos, registry.getMetersAsString());
        assertEquals(3, todos.count());
        assertEquals("GET", todos.getId().getTag("method"));
        assertEquals("SUCCESS", todos.getId().getTag("outcome"));
        assertEquals(1, timer("NOT_FOUND", "404").count());
        assertEquals("CLIENT_ERROR", timer("/fail", "409").getId().getTag("outcome"));
        assertNull(registry.find(Metrics.REQUESTS).tag("route", "/todos/1").timer(), "no series per raw path");

        try (RawClient client = new RawClient(server.port())) { // any token is a method: XQ1, XQ2, ... one series
            assertEquals(405, client.exchange("XQ1 /todos/1 HTTP/1.1\r\nHost: a\r\n\r\n").status());
            assertEquals(405, client.exchange("XQ2 /todos/1 HTTP/1.1\r\nHost: a\r\n\r\n").status());
        }
        assertEquals(2, registry.find(Metrics.REQUESTS).tag("method", "OTHER").timer().count());
        assertNull(registry.find(Metrics.REQUESTS).tag("method", "XQ1").timer());
    }

    @Test
    void serverMetersReadTheStats() throws Exception {
        System.gc(); // the meters must survive a collection (Micrometer holds what they read weakly by default)
        assertEquals(200, get("/hash"));
        // The meters read a snapshot that is at most a second old: wait for one taken after the request.
        Await.until("a snapshot taken after the request",
                () -> registry.get("loopline.offload.completed").tag("pool", "cpu").functionCounter().count() >= 1);
        assertTrue(registry.get("loopline.requests").functionCounter().count() >= 1);
        assertNotNull(registry.get("loopline.eventloop.lag").tag("loop", "loopline-loop-1").timeGauge());
        assertEquals(0, registry.get("loopline.eventloop.blocked").tag("loop", "loopline-loop-1").functionCounter()
                .count());
        assertEquals(0, registry.get("loopline.offload.rejected").tag("pool", "blocking").functionCounter().count());
        Await.until("the gauges see the closed connection", () ->
                registry.get("loopline.connections.open").gauge().value() == 0
                        && registry.get("loopline.requests.inflight").gauge().value() == 0);
        assertEquals(server.stats().requestsTotal(), registry.get("loopline.requests").functionCounter().count(), 1.0);
    }

    @Test
    void webSocketSessionsAndMessagesAreMetered() throws Exception {
        System.gc(); // the meters must survive a collection (Micrometer holds what they read weakly by default)
        java.util.concurrent.CompletableFuture<String> echo = new java.util.concurrent.CompletableFuture<>();
        java.net.http.WebSocket ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(java.net.URI.create("ws://127.0.0.1:" + server.port() + "/ws"),
                        new java.net.http.WebSocket.Listener() {
                            @Override
                            public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket socket,
                                                                                   CharSequence data, boolean last) {
                                echo.complete(data.toString());
                                return null;
                            }
                        }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        ws.sendText("metered", true);
        assertEquals("metered", echo.get(10, java.util.concurrent.TimeUnit.SECONDS));
        Await.until("the meters see the open session and both messages", () ->
                registry.get("loopline.websocket.sessions").gauge().value() == 1
                        && registry.get("loopline.websocket.messages.in").functionCounter().count() == 1
                        && registry.get("loopline.websocket.messages.out").functionCounter().count() == 1,
                () -> registry.getMetersAsString());
        ws.sendClose(1000, "").get(10, java.util.concurrent.TimeUnit.SECONDS);
        Await.until("the session is gone from the gauge",
                () -> registry.get("loopline.websocket.sessions").gauge().value() == 0);
    }
}
