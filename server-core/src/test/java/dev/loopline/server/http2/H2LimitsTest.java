package dev.loopline.server.http2;

import static dev.loopline.server.http2.H2Asserts.assertGoAwayAndClosed;
import static dev.loopline.server.http2.H2Asserts.assertReset;
import static dev.loopline.server.http2.H2Asserts.assertServesNewConnection;
import static dev.loopline.server.http2.H2Asserts.assertStillUsable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.Http2Config;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.TestServers;
import io.netty.handler.codec.http2.Http2Error;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The size and count limits of {@link Http2Config}, each attacked with raw frames: concurrent streams, header list
 * (an HPACK bomb among them), frame size, and window updates that overflow or add nothing. Each test asserts the
 * error, the stream it hits and the connection's fate; after each, the server still serves a new connection.
 */
class H2LimitsTest {

    private static final int MAX_STREAMS = 3;
    private static final int MAX_HEADER_LIST = 4096;
    private static final Queue<CompletableFuture<Response>> held = new ConcurrentLinkedQueue<>();
    private static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private static HttpServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(ServerConfig.builder().maxBodyBytes(1024).http2(Http2Config.builder()
                .maxConcurrentStreams(MAX_STREAMS)
                .maxHeaderListBytes(MAX_HEADER_LIST)
                .build()), request -> {
                    calls.computeIfAbsent(request.path(), path -> new AtomicInteger()).incrementAndGet();
                    if (request.path().equals("/hold")) {
                        CompletableFuture<Response> later = new CompletableFuture<>();
                        held.add(later);
                        return later;
                    }
                    return Response.text("ok " + request.path()).completed();
                });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void forgetCalls() {
        calls.clear();
    }

    @AfterEach
    void theServerStillServesANewConnection() throws Exception {
        held.forEach(later -> later.complete(Response.text("released")));
        held.clear();
        assertServesNewConnection(server.port());
    }

    private static int calls(String path) {
        AtomicInteger count = calls.get(path);
        return count == null ? 0 : count.get();
    }

    @Test
    void aStreamPastMaxConcurrentStreamsIsRefusedAndTheOthersGoOn() throws Exception {
        try (RawH2Client client = new RawH2Client(server.port())) {
            Frame settings = client.handshake();
            assertEquals(MAX_STREAMS, settings.setting(Frame.SETTINGS_MAX_CONCURRENT_STREAMS), settings.toString());
            client.get(1, "/hold").get(3, "/hold").get(5, "/hold");
            client.get(7, "/hold"); // one more than the limit, while the three are open
            assertReset(client, 7, Http2Error.REFUSED_STREAM);
            Await.until("three handlers hold their streams", () -> held.size() == MAX_STREAMS);
            held.forEach(later -> later.complete(Response.text("released")));
            for (int streamId : new int[] {1, 3, 5}) {
                StreamResult result = client.awaitResponse(streamId);
                assertEquals(200, result.status(), result.toString());
                assertEquals("released", result.bodyText());
            }
            assertEquals(MAX_STREAMS, calls("/hold"), "the refused stream never reached the handler");
            assertStillUsable(client, 9);
        }
    }

    @Test
    void aHeaderListJustOverTheLimitIs431OnThatStreamAndTheConnectionGoesOn() throws Exception {
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            // about 4.3 KiB as RFC 9113 counts it (name + value + 32 per field): over 4 KiB, not far over
            client.headers(1, Hpack.request("GET", "/big", "x-big", "b".repeat(4100)), true);
            StreamResult result = client.awaitStream(1, true);
            assertEquals(431, result.status(), result.toString());
            assertEquals(0, calls("/big"), "the handler saw a request over the header list limit");
            assertStillUsable(client, 3);
        }
    }

    @Test
    void anHpackBombNeverReachesTheHandlerAndTheServerSurvivesIt() throws Exception {
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            // a 3000-byte field enters the server's dynamic table with a valid request...
            byte[] seed = Hpack.concat(Hpack.request("GET", "/seed"), Hpack.indexedLiteral("x-bomb", "x".repeat(3000)));
            client.headers(1, seed, true);
            assertEquals(200, client.awaitResponse(1).status());
            // ...then 4000 one-byte references to it: 4 KiB on the wire, 12 MB once decoded
            byte[] bomb = Hpack.concat(Hpack.request("GET", "/bomb"), Frames.repeat(Hpack.indexed(62), 4000));
            client.headers(3, bomb, true);
            Frame answer = client.awaitFrame(f -> f.is(Frame.GOAWAY)
                    || f.streamId() == 3 && (f.is(Frame.HEADERS) || f.is(Frame.RST_STREAM)), "an answer to the bomb");
            if (answer.is(Frame.GOAWAY)) {
                assertNotEquals(Http2Error.NO_ERROR.code(), answer.errorCode(), answer.toString());
                assertTrue(client.isClosed(), "open after " + answer + "; seen: " + client.seen());
            } else {
                assertEquals("431", answer.headers() == null ? answer.toString() : answer.headers().get(":status"),
                        "the contract: 431 on the stream, or GOAWAY; seen: " + client.seen());
                assertStillUsable(client, 5);
            }
            assertEquals(0, calls("/bomb"), "the bomb reached the handler");
        }
    }

    @Test
    void aBodyOverMaxBodyBytesIs413OnThatStreamAndTheConnectionGoesOn() throws Exception {
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            client.headers(1, Hpack.request("POST", "/upload"), false); // no content-length: the DATA is counted
            client.sendBody(1, new byte[2000], true);
            StreamResult result = client.awaitStream(1, true);
            assertEquals(413, result.status(), result.toString());
            assertEquals(0, calls("/upload"), "the handler saw a body over the limit");
            assertStillUsable(client, 3);
        }
    }

    @Test
    void aFrameLargerThanMaxFrameBytesIsGoAwayFrameSizeError() throws Exception {
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            client.headers(1, Hpack.request("POST", "/upload"), false);
            client.data(1, new byte[16_385], true); // the limit is 16 KiB
            assertGoAwayAndClosed(client, Http2Error.FRAME_SIZE_ERROR);
            assertEquals(0, calls("/upload"));
        }
    }

    @Test
    void aWindowUpdatePastTwoToThe31OnTheConnectionIsGoAwayFlowControlError() throws Exception {
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            client.send(Frames.windowUpdate(0, Integer.MAX_VALUE)); // 65 535 + 2^31 - 1 > 2^31 - 1
            assertGoAwayAndClosed(client, Http2Error.FLOW_CONTROL_ERROR);
        }
    }

    @Test
    void aWindowUpdatePastTwoToThe31OnAStreamResetsOnlyThatStream() throws Exception {
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            client.headers(1, Hpack.request("POST", "/upload"), false);
            client.send(Frames.windowUpdate(1, Integer.MAX_VALUE));
            assertReset(client, 1, Http2Error.FLOW_CONTROL_ERROR);
            assertStillUsable(client, 3);
        }
    }

    @Test
    void aWindowUpdateOfZeroOnAStreamResetsThatStreamWithProtocolError() throws Exception {
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            client.headers(1, Hpack.request("POST", "/upload"), false);
            client.send(Frames.windowUpdate(1, 0));
            assertReset(client, 1, Http2Error.PROTOCOL_ERROR);
            assertStillUsable(client, 3);
        }
    }

    @Test
    void aWindowUpdateOfZeroOnTheConnectionIsGoAwayProtocolError() throws Exception {
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            client.send(Frames.windowUpdate(0, 0));
            assertGoAwayAndClosed(client, Http2Error.PROTOCOL_ERROR);
        }
    }
}
