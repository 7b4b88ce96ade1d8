package dev.loopline.server.http2;

import static dev.loopline.server.http2.H2Asserts.assertServesNewConnection;
import static dev.loopline.server.http2.H2Asserts.assertStillUsable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.testsupport.TestServers;
import io.netty.handler.codec.http2.Http2Error;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed requests (RFC 9113 section 8.1.1, 8.2 and 8.3): each is a stream error (RST_STREAM PROTOCOL_ERROR, or a
 * 400 on that stream), never reaches the handler, and leaves the connection usable for the next stream.
 */
class H2MalformedRequestTest {

    private static final List<String> handled = new CopyOnWriteArrayList<>();
    private static HttpServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(request -> {
            handled.add(request.method() + " " + request.target() + " " + request.headers());
            if (request.method().equals("POST")) {
                return Response.of(200, "application/octet-stream", request.body()).completed();
            }
            return Response.text("ok").completed();
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void forget() {
        handled.clear();
    }

    @AfterEach
    void theServerStillServesANewConnection() throws Exception {
        assertServesNewConnection(server.port());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
            Arguments.of("missing :method", Hpack.literals(":scheme", "http", ":authority", "a", ":path", "/m")),
            Arguments.of("missing :scheme", Hpack.literals(":method", "GET", ":authority", "a", ":path", "/m")),
            Arguments.of("missing :path", Hpack.literals(":method", "GET", ":scheme", "http", ":authority", "a")),
            Arguments.of("empty :path", Hpack.literals(":method", "GET", ":scheme", "http", ":authority", "a",
                    ":path", "")),
            Arguments.of("unknown pseudo-header :foo", Hpack.request("GET", "/m", ":foo", "bar")),
            Arguments.of("response pseudo-header :status", Hpack.request("GET", "/m", ":status", "200")),
            Arguments.of("pseudo-header after a regular field", Hpack.literals(":method", "GET", ":scheme", "http",
                    "x-regular", "1", ":authority", "a", ":path", "/m")),
            Arguments.of("duplicate :path", Hpack.request("GET", "/m", ":path", "/m")),
            Arguments.of("uppercase header name", Hpack.request("GET", "/m", "X-Upper", "1")),
            Arguments.of("connection: keep-alive", Hpack.request("GET", "/m", "connection", "keep-alive")),
            Arguments.of("keep-alive", Hpack.request("GET", "/m", "keep-alive", "timeout=5")),
            Arguments.of("proxy-connection", Hpack.request("GET", "/m", "proxy-connection", "keep-alive")),
            Arguments.of("transfer-encoding: chunked", Hpack.request("GET", "/m", "transfer-encoding", "chunked")),
            Arguments.of("upgrade: h2c", Hpack.request("GET", "/m", "upgrade", "h2c")),
            Arguments.of("te: gzip", Hpack.request("GET", "/m", "te", "gzip")),
            Arguments.of("host differs from :authority", Hpack.request("GET", "/m", "host", "elsewhere.example")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedRequestIsAStreamErrorAndTheConnectionGoesOn(String what, byte[] block) throws Exception {
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            client.headers(1, block, true);
            assertStreamError(client, 1, what);
            assertStillUsable(client, 3);
        }
    }

    @Test
    void teTrailersIsTheOneTeValueAllowed() throws Exception {
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            client.headers(1, Hpack.request("GET", "/te", "te", "trailers"), true);
            StreamResult result = client.awaitResponse(1);
            assertEquals(200, result.status(), result.toString());
            assertEquals(1, handled.size(), handled.toString());
        }
    }

    @Test
    void aContentLengthLargerThanTheDataIsAStreamError() throws Exception {
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            client.headers(1, Hpack.request("POST", "/m", "content-length", "10"), false);
            client.data(1, "hello".getBytes(StandardCharsets.US_ASCII), true);
            assertStreamError(client, 1, "content-length 10, 5 bytes of DATA");
            assertStillUsable(client, 3);
        }
    }

    @Test
    void aContentLengthSmallerThanTheDataIsAStreamError() throws Exception {
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            client.headers(1, Hpack.request("POST", "/m", "content-length", "2"), false);
            client.data(1, "hello".getBytes(StandardCharsets.US_ASCII), true);
            assertStreamError(client, 1, "content-length 2, 5 bytes of DATA");
            assertStillUsable(client, 3);
        }
    }

    @Test
    void connectALongMethodAndALongPathGetTheirHttp11AnswersAndTheConnectionGoesOn() throws Exception {
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            client.headers(1, Hpack.literals(":method", "CONNECT", ":authority", "example.com:443"), true);
            assertEquals(501, client.awaitResponse(1).status(), "CONNECT: this server is not a proxy");
            client.headers(3, Hpack.request("A".repeat(40), "/m"), true); // maxMethodBytes is 32
            assertEquals(501, client.awaitResponse(3).status(), "a method past maxMethodBytes");
            client.headers(5, Hpack.request("GET", "/" + "p".repeat(9000)), true); // maxInitialLineBytes is 8 KiB
            assertEquals(414, client.awaitResponse(5).status(), "a :path past maxInitialLineBytes");
            assertTrue(handled.isEmpty(), "no refused request reaches the handler: " + handled);
            assertStillUsable(client, 7);
        }
    }

    @Test
    void aMatchingContentLengthIsServed() throws Exception {
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            client.headers(1, Hpack.request("POST", "/m", "content-length", "5"), false);
            client.data(1, "hello".getBytes(StandardCharsets.US_ASCII), true);
            StreamResult result = client.awaitResponse(1);
            assertEquals(200, result.status(), result.toString());
            assertEquals("hello", result.bodyText());
        }
    }

    @Test
    void trailersWithFieldsTheHttp1DecoderLeavesOutAreServedAndTheConnectionGoesOn() throws Exception {
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            client.headers(1, Hpack.request("POST", "/m"), false);
            client.data(1, "hello".getBytes(StandardCharsets.US_ASCII), false);
            client.headers(1, Hpack.literals("content-length", "5", "trailer", "x-sum", "x-sum", "1"), true);
            StreamResult result = client.awaitResponse(1);
            assertEquals(200, result.status(), result.toString());
            assertEquals("hello", result.bodyText());
            assertStillUsable(client, 3);
        }
    }

    /** RST_STREAM PROTOCOL_ERROR or 400 on {@code streamId}, no GOAWAY, and the handler never called for it. */
    private static void assertStreamError(RawH2Client client, int streamId, String what) throws Exception {
        StreamResult result = client.awaitStream(streamId, true);
        if (result.reset()) {
            assertEquals(Http2Error.PROTOCOL_ERROR.name(), Frame.errorName(result.resetCode()), what + ": " + result);
        } else {
            assertEquals(400, result.status(), what + ": " + result);
        }
        assertTrue(result.seen().stream().noneMatch(frame -> frame.startsWith("GOAWAY")), what + ": " + result);
        assertEquals(List.of(), handled, what + " reached the handler");
    }
}
