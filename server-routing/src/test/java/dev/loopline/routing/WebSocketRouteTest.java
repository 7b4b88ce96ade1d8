package dev.loopline.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.loopline.server.HttpServer;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Request;
import dev.loopline.server.WebSocket;
import dev.loopline.server.WebSocketListener;
import dev.loopline.server.WebSocketOptions;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.LogCapture;
import dev.loopline.testsupport.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** router.websocket: path parameters, filters before the upgrade (auth), attributes, and the access log's 101. */
class WebSocketRouteTest {

    private static final Request.Key<String> USER = Request.Key.of("user");

    private static HttpServer start() {
        return TestServers.start(Router.builder()
                .filter(AccessLog.filter())
                .filter((request, next) -> {
                    if (!request.header("Authorization").orElse("").equals("Bearer ada-token")) {
                        return CompletableFuture.failedFuture(new HttpStatusException(401, "who are you?"));
                    }
                    return next.handle(request.with(USER, "ada"));
                })
                .group("/api", group -> group.websocket("/chat/{room}", WebSocketOptions.defaults(),
                        request -> new WebSocketListener() {
                            @Override
                            public void onText(WebSocket session, String text) {
                                session.sendText(Params.path(session.request(), "room") + "/"
                                        + session.request().attribute(USER).orElse("?") + ": " + text);
                            }
                        }))
                .build());
    }

    private static final class Messages implements java.net.http.WebSocket.Listener {
        final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();

        @Override
        public CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
            received.add(data.toString());
            ws.request(1);
            return null;
        }
    }

    @Test
    void theRouteUpgradesAfterItsFiltersWithPathParametersAndAttributes() throws Exception {
        try (LogCapture log = LogCapture.of(AccessLog.LOGGER_NAME);
             HttpServer server = start()) {
            Messages messages = new Messages();
            java.net.http.WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", "Bearer ada-token")
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/api/chat/lobby"), messages)
                    .get(10, TimeUnit.SECONDS);
            ws.sendText("hi all", true).get(5, TimeUnit.SECONDS);
            assertEquals("lobby/ada: hi all", messages.received.poll(10, TimeUnit.SECONDS));
            ws.sendClose(1000, "").get(5, TimeUnit.SECONDS);
            Await.until("the upgrade is in the access log", () -> !log.events(Level.INFO).isEmpty());
            String line = log.events(Level.INFO).stream().map(ILoggingEvent::getFormattedMessage).findFirst()
                    .orElseThrow();
            assertTrue(line.contains("path=/api/chat/lobby") && line.contains("route=/api/chat/{room}")
                    && line.contains("status=101"), line);
        }
    }

    @Test
    void aFiltersRefusalStopsTheUpgrade() throws Exception {
        try (HttpServer server = start()) {
            ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> HttpClient.newHttpClient().newWebSocketBuilder()
                            .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/api/chat/lobby"),
                                    new Messages()).get(10, TimeUnit.SECONDS));
            assertTrue(refused.getCause() instanceof WebSocketHandshakeException, refused.toString());
            assertEquals(401, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
            assertEquals(0, server.stats().webSocketSessions());
        }
    }

    @Test
    void aPlainGetToTheRouteIs426() throws Exception {
        try (HttpServer server = start()) {
            var response = Wire.send(server.port(), "GET", "/api/chat/lobby", "Authorization: Bearer ada-token");
            assertEquals(426, response.status());
            assertEquals("13", response.header("Sec-WebSocket-Version"));
            assertEquals(0, ByteBuffer.wrap(new byte[0]).remaining());
        }
    }
}
