package dev.loopline.server.http2;

import static dev.loopline.server.http2.H2Asserts.assertGoAwayAndClosed;
import static dev.loopline.server.http2.H2Asserts.assertGoAwayWithErrorAndClosed;
import static dev.loopline.server.http2.H2Asserts.assertServesNewConnection;
import static dev.loopline.server.http2.H2Asserts.assertStillUsable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.Http2Config;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.TestServers;
import io.netty.handler.codec.http2.Http2Error;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The flood defences of {@link Http2Config}, each attacked with raw frames: rapid reset (CVE-2023-44487),
 * CONTINUATION floods (CVE-2024-27316 and kin), SETTINGS and PING floods from a client that does not read, and empty
 * DATA frames. Every attack is bounded by a frame count, never by a clock; after each, the server still serves.
 */
class H2FloodsTest {

    private static final int MAX_RESETS = 20;
    private static final int MAX_QUEUED_CONTROL_FRAMES = 100;
    private static final List<Request> slowRequests = new CopyOnWriteArrayList<>();
    private static HttpServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(ServerConfig.builder().http2(Http2Config.builder()
                .maxResetStreams(MAX_RESETS, Duration.ofSeconds(30))
                .maxHeaderListBytes(4096)
                .maxQueuedControlFrames(MAX_QUEUED_CONTROL_FRAMES)
                .build()), request -> {
                    if (request.path().equals("/slow")) {
                        slowRequests.add(request);
                        return new CompletableFuture<>(); // answers only if the stream is never reset
                    }
                    if (request.path().equals("/echo")) {
                        return Response.of(200, "application/octet-stream", request.body()).completed();
                    }
                    return Response.text("ok " + request.path()).completed();
                });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void forgetRequests() {
        slowRequests.clear();
    }

    @AfterEach
    void theServerStillServesANewConnection() throws Exception {
        assertServesNewConnection(server.port());
    }

    /** HEADERS for {@code count} streams, each reset at once: the rapid reset pattern. */
    private static byte[] openAndReset(int count) {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            int streamId = 1 + 2 * i;
            frames.writeBytes(Frames.headers(streamId, Hpack.request("GET", "/slow"), true, true));
            frames.writeBytes(Frames.rstStream(streamId, Http2Error.CANCEL.code()));
        }
        return frames.toByteArray();
    }

    @Test
    void rapidResetPastTheBudgetIsGoAwayEnhanceYourCalmAndNoHandlerIsLeftRunning() throws Exception {
        int streams = MAX_RESETS + 10;
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            client.send(openAndReset(streams));
            // the last stream id is not asserted: on a hard shutdown Netty names 2^31-1, the pessimistic value RFC 9113
            // section 6.8 allows, since a connection error can come before it counted the stream (netty#10670)
            assertGoAwayAndClosed(client, Http2Error.ENHANCE_YOUR_CALM);
        }
        Await.until("every handler of a reset stream sees its request cancelled",
                () -> slowRequests.stream().allMatch(request -> request.context().isCancelled()),
                () -> slowRequests.stream().filter(request -> !request.context().isCancelled()).count()
                        + " of " + slowRequests.size() + " started handlers not cancelled");
        Await.until("no reset stream is left in flight", () -> server.stats().requestsInFlight() == 0,
                server::stats);
        assertTrue(slowRequests.size() <= streams, slowRequests.size() + " handler calls for " + streams + " streams");
    }

    @Test
    void resetsWithinTheBudgetLeaveTheConnectionUsable() throws Exception {
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            client.send(openAndReset(MAX_RESETS));
            assertStillUsable(client, 2 * MAX_RESETS + 1);
        }
        Await.until("every handler of a reset stream sees its request cancelled",
                () -> slowRequests.stream().allMatch(request -> request.context().isCancelled()));
    }

    @Test
    void aContinuationFloodOfHeaderFieldsIsGoAwayAndClosed() throws Exception {
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            client.sync();
            client.send(Frames.headers(1, Hpack.request("GET", "/continued"), true, false));
            byte[] fields = Frames.continuation(1, Hpack.literals("x-c", "c".repeat(1000)), false);
            RawH2Client.Flood flood = client.flood(fields, 10, 10_000, true); // at most 10 MB: 2500 times the limit
            assertFalse(flood.stalled(), "the server stopped reading but kept the connection: " + flood);
            assertGoAwayWithErrorAndClosed(client);
        }
    }

    @Test
    void aFloodOfEmptyContinuationFramesIsGoAwayAndClosed() throws Exception {
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            client.sync();
            client.send(Frames.headers(1, Hpack.request("GET", "/continued"), true, false));
            byte[] empty = Frames.continuation(1, new byte[0], false); // no bytes: a size limit never trips
            RawH2Client.Flood flood = client.flood(empty, 1000, 200_000, true);
            assertFalse(flood.stalled(), "the server stopped reading but kept the connection: " + flood);
            assertGoAwayWithErrorAndClosed(client);
        }
    }

    @Test
    void aSettingsFloodFromAClientThatDoesNotReadIsDisconnected() throws Exception {
        try (RawH2Client client = new RawH2Client(server.port(), 5_000, 4096)) {
            client.send(RawH2Client.PREFACE);
            RawH2Client.Flood flood = client.flood(Frames.settings(), 1000, 200_000, false);
            assertDisconnected(client, flood, "SETTINGS");
        }
    }

    @Test
    void aPingFloodFromAClientThatDoesNotReadIsDisconnected() throws Exception {
        try (RawH2Client client = new RawH2Client(server.port(), 5_000, 4096)) {
            client.handshake();
            RawH2Client.Flood flood = client.flood(Frames.ping(42), 1000, 200_000, false);
            assertDisconnected(client, flood, "PING");
        }
    }

    private static void assertDisconnected(RawH2Client client, RawH2Client.Flood flood, String frames)
            throws Exception {
        assertFalse(flood.stalled(), "the server stopped reading after " + flood.framesWritten() + " " + frames
                + " frames but kept the connection; it must close once " + MAX_QUEUED_CONTROL_FRAMES
                + " acknowledgements are queued");
        assertTrue(flood.writeFailure() != null || client.isClosed(), "still connected after "
                + flood.framesWritten() + " " + frames + " frames that were never acknowledged to the server");
    }

    @Test
    void emptyDataFramesPastTheLimitAreGoAwayEnhanceYourCalm() throws Exception {
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            client.headers(1, Hpack.request("POST", "/echo"), false);
            client.send(Frames.repeat(Frames.data(1, new byte[0], false), 10)); // the limit is 2 in a row
            assertGoAwayAndClosed(client, Http2Error.ENHANCE_YOUR_CALM);
        }
    }

    @Test
    void emptyDataFramesUpToTheLimitAreHarmless() throws Exception {
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            client.headers(1, Hpack.request("POST", "/echo"), false);
            client.send(Frames.repeat(Frames.data(1, new byte[0], false), 2));
            client.data(1, "hello".getBytes(StandardCharsets.US_ASCII), true);
            StreamResult result = client.awaitResponse(1);
            assertEquals(200, result.status(), result.toString());
            assertEquals("hello", result.bodyText());
            assertStillUsable(client, 3);
        }
    }
}
