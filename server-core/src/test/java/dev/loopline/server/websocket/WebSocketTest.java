package dev.loopline.server.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.WebSocket;
import dev.loopline.server.WebSocketListener;
import dev.loopline.server.WebSocketOptions;
import dev.loopline.server.WebSockets;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.LogCapture;
import dev.loopline.testsupport.TestServers;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** WebSocket sessions over real sockets: the JDK's client for the happy paths, raw frames for every RFC 6455 error. */
class WebSocketTest {

    /** Echoes text and binary messages; records what the server saw. */
    static final class Echo implements WebSocketListener {
        final CompletableFuture<WebSocket> opened = new CompletableFuture<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final List<String> texts = new CopyOnWriteArrayList<>();
        final AtomicInteger pongs = new AtomicInteger();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();

        @Override
        public void onOpen(WebSocket session) {
            opened.complete(session);
        }

        @Override
        public void onText(WebSocket session, String text) {
            texts.add(text);
            session.sendText(text);
        }

        @Override
        public void onBinary(WebSocket session, ByteBuffer data) {
            session.sendBinary(data);
        }

        @Override
        public void onPong(WebSocket session, ByteBuffer data) {
            pongs.incrementAndGet();
        }

        @Override
        public void onClose(WebSocket session, int code, String reason) {
            closed.complete(code);
        }

        @Override
        public void onError(WebSocket session, Throwable error) {
            errors.add(error);
        }
    }

    private static HttpServer start(WebSocketOptions options, Echo echo) {
        return TestServers.start(request -> WebSockets.upgrade(request, options, echo));
    }

    private static HttpServer start(ServerConfig.Builder config, Handler handler) {
        return TestServers.start(config, handler);
    }

    /** A JDK client listener that queues what it receives. */
    static class Client implements java.net.http.WebSocket.Listener {
        final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(java.net.http.WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                messages.add("binary:" + binary.size());
                binary.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(java.net.http.WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        String next() throws InterruptedException {
            String message = messages.poll(10, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("no message within 10 s");
            }
            return message;
        }
    }

    private static java.net.http.WebSocket connect(HttpServer server, Client client, String... subprotocols)
            throws Exception {
        java.net.http.WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        return builder.buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), client)
                .get(10, TimeUnit.SECONDS);
    }

    // ---- the JDK's client

    @Test
    void echoesTextBinaryAndFragmentsAndCountsThem() throws Exception {
        Echo echo = new Echo();
        try (HttpServer server = start(WebSocketOptions.defaults(), echo)) {
            Client client = new Client();
            java.net.http.WebSocket ws = connect(server, client);
            ws.sendText("hello ☀", true).get(5, TimeUnit.SECONDS);
            assertEquals("hello ☀", client.next());
            ws.sendBinary(ByteBuffer.wrap(new byte[60_000]), true).get(5, TimeUnit.SECONDS);
            assertEquals("binary:60000", client.next());
            ws.sendText("part one, ", false).get(5, TimeUnit.SECONDS);
            ws.sendText("part two", true).get(5, TimeUnit.SECONDS);
            assertEquals("part one, part two", client.next(), "fragments are joined into one message");
            assertEquals(1, server.stats().webSocketSessions());
            assertEquals(3, server.stats().webSocketMessagesIn());
            assertEquals(3, server.stats().webSocketMessagesOut());
            ws.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
            assertEquals(1000, echo.closed.get(5, TimeUnit.SECONDS));
            assertEquals(1000, client.closed.get(5, TimeUnit.SECONDS), "the server echoes the close code");
            Await.until("the session is gone from the stats", () -> server.stats().webSocketSessions() == 0);
        }
    }

    @Test
    void negotiatesTheFirstSubprotocolTheServerPrefersAmongTheOffered() throws Exception {
        Echo echo = new Echo();
        try (HttpServer server = start(WebSocketOptions.defaults().withSubprotocols("chat.v2", "chat.v1"), echo)) {
            java.net.http.WebSocket ws = connect(server, new Client(), "chat.v1", "chat.v2", "other");
            assertEquals("chat.v2", ws.getSubprotocol());
            assertEquals("chat.v2", echo.opened.get(5, TimeUnit.SECONDS).subprotocol().orElseThrow());
            java.net.http.WebSocket none = connect(server, new Client(), "other");
            assertEquals("", none.getSubprotocol());
        }
    }

    @Test
    void pingsArePongedAndServerPingsAreAnswered() throws Exception {
        Echo echo = new Echo();
        try (HttpServer server = start(WebSocketOptions.defaults().withPingInterval(Duration.ofMillis(100))
                .withIdleTimeout(Duration.ofSeconds(30)), echo)) {
            Client client = new Client();
            CompletableFuture<ByteBuffer> pong = new CompletableFuture<>();
            java.net.http.WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), new Client() {
                        @Override
                        public CompletionStage<?> onPong(java.net.http.WebSocket socket, ByteBuffer message) {
                            pong.complete(message);
                            socket.request(1);
                            return null;
                        }
                    }).get(5, TimeUnit.SECONDS);
            ws.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8)));
            assertEquals("are you there", StandardCharsets.UTF_8.decode(pong.get(5, TimeUnit.SECONDS)).toString());
            Await.until("the server's pings are answered by the client's pongs", () -> echo.pongs.get() >= 2);
            assertTrue(client.messages.isEmpty());
        }
    }

    @Test
    void theServerClosesWithItsCodeAndLaterSendsFail() throws Exception {
        Echo echo = new Echo();
        try (HttpServer server = start(WebSocketOptions.defaults(), echo)) {
            Client client = new Client();
            connect(server, client);
            WebSocket session = echo.opened.get(5, TimeUnit.SECONDS);
            session.close(4000, "room closed").toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(4000, client.closed.get(5, TimeUnit.SECONDS));
            assertFalse(session.isOpen());
            assertTrue(session.sendText("late").toCompletableFuture().isCompletedExceptionally()
                    || waitFailed(session.sendText("late")));
            assertTrue(session.close(1005, "").toCompletableFuture().isCompletedExceptionally(),
                    "1005 is never sent");
        }
    }

    private static boolean waitFailed(CompletionStage<Void> stage) {
        try {
            stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
            return false;
        } catch (Exception expected) {
            return true;
        }
    }

    @Test
    void shutdownClosesSessionsWith1001() throws Exception {
        Echo echo = new Echo();
        HttpServer server = start(WebSocketOptions.defaults(), echo);
        Client client = new Client();
        connect(server, client);
        echo.opened.get(5, TimeUnit.SECONDS);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        assertEquals(1001, client.closed.get(10, TimeUnit.SECONDS));
        closing.get(30, TimeUnit.SECONDS);
        assertEquals(1001, echo.closed.get(5, TimeUnit.SECONDS));
    }

    @Test
    void anIdleSessionIsClosedWith1001() throws Exception {
        Echo echo = new Echo();
        try (HttpServer server = start(WebSocketOptions.defaults().withIdleTimeout(Duration.ofMillis(300)), echo);
             RawWebSocket ws = RawWebSocket.open(server.port(), "/ws")) {
            assertEquals(1001, ws.readCloseCode());
            ws.frame(true, 0, 8, new byte[] {0x03, (byte) 0xE9}, true); // the client's answer: the server closes now
            assertTrue(ws.closedByServer());
            assertEquals(1001, echo.closed.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void theUpgradeIsReportedToTheObserversAsACompleted101() throws Exception {
        java.util.List<String> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.loopline.server.ExchangeObserver observer = exchange -> reports.add(exchange.request().path() + " "
                + exchange.response().status() + " " + exchange.outcome());
        Echo echo = new Echo();
        try (HttpServer server = start(ServerConfig.builder().observer(observer),
                request -> WebSockets.upgrade(request, WebSocketOptions.defaults(), echo));
             RawWebSocket ws = RawWebSocket.open(server.port(), "/ws")) {
            dev.loopline.testsupport.Await.until("the upgrade is reported", () -> reports.size() == 1, () -> reports);
            assertEquals(java.util.List.of("/ws 101 COMPLETED"), reports, "once, when the 101 went out");
        }
    }

    // ---- the handshake

    @Test
    void badUpgradeRequestsAreRefusedWithTheRightStatus() throws Exception {
        Echo echo = new Echo();
        try (HttpServer server = start(WebSocketOptions.defaults().withAllowedOrigins("https://app.example"), echo)) {
            String base = "GET /ws HTTP/1.1\r\nHost: a\r\n";
            String upgrade = "Upgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n";
            String key = "Sec-WebSocket-Key: " + RawWebSocket.KEY + "\r\n";
            String origin = "Origin: https://app.example\r\n";
            try (RawWebSocket plain = RawWebSocket.handshake(server.port(), base + "\r\n")) {
                assertEquals(426, plain.status());
                assertTrue(plain.responseHead.contains("Sec-WebSocket-Version: 13"), plain.responseHead);
            }
            try (RawWebSocket v8 = RawWebSocket.handshake(server.port(),
                    base + upgrade + key + origin + "Sec-WebSocket-Version: 8\r\n\r\n")) {
                assertEquals(426, v8.status());
                assertTrue(v8.responseHead.contains("Sec-WebSocket-Version: 13"), v8.responseHead);
            }
            try (RawWebSocket badKey = RawWebSocket.handshake(server.port(),
                    base + upgrade + "Sec-WebSocket-Key: short\r\n" + origin + "Sec-WebSocket-Version: 13\r\n\r\n")) {
                assertEquals(400, badKey.status());
            }
            try (RawWebSocket post = RawWebSocket.handshake(server.port(), "POST /ws HTTP/1.1\r\nHost: a\r\n"
                    + upgrade + key + origin + "Sec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n")) {
                assertEquals(400, post.status());
            }
            try (RawWebSocket hijack = RawWebSocket.handshake(server.port(), base + upgrade + key
                    + "Origin: https://evil.example\r\nSec-WebSocket-Version: 13\r\n\r\n")) {
                assertEquals(403, hijack.status(), "cross-site WebSocket hijacking is refused");
            }
            try (RawWebSocket noOrigin = RawWebSocket.handshake(server.port(), base + upgrade + key
                    + "Sec-WebSocket-Version: 13\r\n\r\n")) {
                assertEquals(403, noOrigin.status());
            }
            try (RawWebSocket ok = RawWebSocket.open(server.port(), "/ws", "Origin: https://app.example")) {
                assertTrue(ok.responseHead.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="),
                        "the RFC 6455 example key gives the RFC's accept value: " + ok.responseHead);
                assertFalse(ok.responseHead.toLowerCase().contains("content-length"), ok.responseHead);
                ok.text("after the handshake");
                assertEquals("after the handshake", ok.read().text());
            }
        }
    }

    // ---- RFC 6455 errors: the right close code, no crash, the server goes on

    private static void assertClosedWith(HttpServer server, int code, RawFrames frames) throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(server.port(), "/ws")) {
            frames.send(ws);
            assertEquals(code, ws.readCloseCode());
            assertTrue(ws.closedByServer());
        }
        try (RawWebSocket after = RawWebSocket.open(server.port(), "/ws")) {
            after.text("still serving");
            assertEquals("still serving", after.read().text());
        }
    }

    interface RawFrames {
        void send(RawWebSocket ws) throws Exception;
    }

    @Test
    void protocolErrorsCloseWith1002() throws Exception {
        Echo echo = new Echo();
        try (HttpServer server = start(WebSocketOptions.defaults(), echo)) {
            byte[] hi = "hi".getBytes(StandardCharsets.UTF_8);
            assertClosedWith(server, 1002, ws -> ws.frame(true, 0, 1, hi, false)); // unmasked
            assertClosedWith(server, 1002, ws -> ws.frame(true, 4, 1, hi, true)); // RSV1, no extension
            assertClosedWith(server, 1002, ws -> ws.frame(true, 0, 3, hi, true)); // reserved data opcode
            assertClosedWith(server, 1002, ws -> ws.frame(true, 0, 0xB, hi, true)); // reserved control opcode
            assertClosedWith(server, 1002, ws -> ws.frame(false, 0, 9, hi, true)); // fragmented ping
            assertClosedWith(server, 1002, ws -> ws.frame(true, 0, 9, new byte[126], true)); // control > 125
            assertClosedWith(server, 1002, ws -> ws.frame(true, 0, 0, hi, true)); // continuation without a start
            assertClosedWith(server, 1002, ws -> ws.frame(false, 0, 1, hi, true).frame(true, 0, 1, hi, true));
        }
    }

    @Test
    void invalidUtf8ClosesWith1007AlsoAcrossFragments() throws Exception {
        Echo echo = new Echo();
        try (HttpServer server = start(WebSocketOptions.defaults(), echo)) {
            assertClosedWith(server, 1007, ws -> ws.frame(true, 0, 1, new byte[] {'a', (byte) 0xC3, 0x28}, true));
            // "€" is E2 82 AC: split across two fragments it is fine...
            try (RawWebSocket ws = RawWebSocket.open(server.port(), "/ws")) {
                ws.frame(false, 0, 1, new byte[] {'x', (byte) 0xE2, (byte) 0x82}, true)
                        .frame(true, 0, 0, new byte[] {(byte) 0xAC}, true);
                assertEquals("x€", ws.read().text());
            }
            // ...but a broken sequence across fragments is not
            assertClosedWith(server, 1007, ws -> ws.frame(false, 0, 1, new byte[] {'x', (byte) 0xE2, (byte) 0x82}, true)
                    .frame(true, 0, 0, new byte[] {'(', 'y'}, true));
            assertTrue(echo.texts.contains("x€"));
        }
    }

    @Test
    void framesAndMessagesOverTheLimitCloseWith1009() throws Exception {
        Echo echo = new Echo();
        try (HttpServer server = start(WebSocketOptions.defaults().withMaxFrameBytes(1000).withMaxMessageBytes(2500),
                echo)) {
            assertClosedWith(server, 1009, ws -> ws.frame(true, 0, 2, new byte[1001], true));
            assertClosedWith(server, 1009, ws -> ws.frame(false, 0, 2, new byte[1000], true)
                    .frame(false, 0, 0, new byte[1000], true).frame(true, 0, 0, new byte[1000], true));
        }
    }

    // ---- permessage-deflate

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buffer, 0, n);
        }
        deflater.end();
        byte[] bytes = out.toByteArray();
        return java.util.Arrays.copyOf(bytes, bytes.length - 4); // RFC 7692 7.2.1: without the 00 00 ff ff tail
    }

    private static byte[] inflate(byte[] data) throws Exception {
        Inflater inflater = new Inflater(true);
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        tail.writeBytes(data);
        tail.writeBytes(new byte[] {0, 0, (byte) 0xff, (byte) 0xff});
        inflater.setInput(tail.toByteArray());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = inflater.inflate(buffer)) > 0) {
            out.write(buffer, 0, n);
        }
        inflater.end();
        return out.toByteArray();
    }

    @Test
    void permessageDeflateIsNegotiatedAndADeflateBombClosesWith1009() throws Exception {
        Echo echo = new Echo();
        try (HttpServer server = start(WebSocketOptions.defaults().withMaxMessageBytes(1024 * 1024), echo)) {
            String offer = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits";
            try (RawWebSocket ws = RawWebSocket.open(server.port(), "/ws", offer)) {
                assertTrue(ws.responseHead.contains("Sec-WebSocket-Extensions: permessage-deflate"), ws.responseHead);
                String text = "compressible ".repeat(200);
                byte[] compressed = deflate(text.getBytes(StandardCharsets.UTF_8));
                ws.frame(true, 4, 1, compressed, true);
                RawWebSocket.Frame answer = ws.read();
                assertEquals(4, answer.rsv(), "the echo is compressed too");
                assertTrue(answer.payload().length < text.length() / 4, "it is smaller: " + answer.payload().length);
                assertEquals(text, new String(inflate(answer.payload()), StandardCharsets.UTF_8));
            }
            try (RawWebSocket ws = RawWebSocket.open(server.port(), "/ws", offer)) {
                byte[] bomb = deflate(new byte[16 * 1024 * 1024]); // 16 MiB of zeros in a few KiB
                assertTrue(bomb.length < 64 * 1024, "a bomb: " + bomb.length);
                ws.frame(true, 4, 2, bomb, true);
                assertEquals(1009, ws.readCloseCode());
            }
            try (RawWebSocket off = RawWebSocket.open(server.port(), "/ws")) {
                assertFalse(off.responseHead.contains("permessage-deflate"), "not offered, not used");
            }
        }
    }

    // ---- slow readers and the loop guard

    @Test
    void aClientThatDoesNotReadIsClosedWith1008AndTheSendFails() throws Exception {
        CompletableFuture<Throwable> sendFailure = new CompletableFuture<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocketListener flood = new WebSocketListener() {
            @Override
            public void onText(WebSocket session, String text) {
                byte[] chunk = new byte[64 * 1024];
                flood(session, chunk, 0);
            }

            private void flood(WebSocket session, byte[] chunk, int sent) {
                if (sent > 4000) {
                    return; // 256 MiB: far more than any socket buffer
                }
                session.sendBinary(ByteBuffer.wrap(chunk)).whenComplete((ok, error) -> {
                    if (error != null) {
                        sendFailure.complete(error);
                    }
                });
                session.executor().execute(() -> {
                    if (!sendFailure.isDone()) {
                        flood(session, chunk, sent + 1);
                    }
                });
            }

            @Override
            public void onClose(WebSocket session, int code, String reason) {
                closed.complete(code);
            }
        };
        try (HttpServer server = TestServers.start(request -> WebSockets.upgrade(request,
                WebSocketOptions.defaults().withMaxQueuedBytes(1024 * 1024), flood));
             RawWebSocket ws = RawWebSocket.open(server.port(), "/ws")) {
            ws.socket().setReceiveBufferSize(16 * 1024);
            ws.text("send me everything"); // and never read
            Throwable failure = sendFailure.get(20, TimeUnit.SECONDS);
            assertTrue(failure.getMessage().contains("reads too slowly"), failure.getMessage());
            assertEquals(1008, closed.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void theLoopGuardNamesTheUpgradeRequestOfABlockingListener() throws Exception {
        WebSocketListener sleeper = new WebSocketListener() {
            @Override
            public void onText(WebSocket session, String text) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                session.sendText("slept");
            }
        };
        try (LogCapture log = LogCapture.of("dev.loopline.loopguard");
             HttpServer server = start(ServerConfig.builder().eventLoops(1).loopGuardThreshold(Duration.ofMillis(100)),
                     request -> WebSockets.upgrade(request, WebSocketOptions.defaults(), sleeper));
             RawWebSocket ws = RawWebSocket.open(server.port(), "/ws/sleepy-room")) {
            ws.text("go");
            assertEquals("slept", ws.read().text());
            Await.until("the loop guard warns", () -> !log.events(Level.WARN).isEmpty());
            ILoggingEvent warning = log.events(Level.WARN).get(0);
            assertTrue(warning.getFormattedMessage().contains("/ws/sleepy-room"), warning.getFormattedMessage());
            assertEquals(1, server.stats().blockedEpisodes());
        }
    }
}
