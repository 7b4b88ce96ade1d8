package dev.loopline.server.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http2.Http2Error;
import java.io.IOException;

/** The outcomes the HTTP/2 tests assert again and again: a connection's fate, and a server still serving. */
final class H2Asserts {

    private H2Asserts() {
    }

    /** A GOAWAY with {@code error} arrives, then the server closes the connection. Returns the GOAWAY. */
    static Frame assertGoAwayAndClosed(RawH2Client client, Http2Error error) throws IOException {
        Frame goAway = client.awaitGoAway();
        assertEquals(error.name(), Frame.errorName(goAway.errorCode()), goAway + "; seen: " + client.seen());
        assertTrue(client.isClosed(), "the connection stays open after " + goAway + "; seen: " + client.seen());
        return goAway;
    }

    /** A GOAWAY with any error but NO_ERROR arrives, then the server closes the connection. Returns the GOAWAY. */
    static Frame assertGoAwayWithErrorAndClosed(RawH2Client client) throws IOException {
        Frame goAway = client.awaitGoAway();
        assertNotEquals(Http2Error.NO_ERROR.code(), goAway.errorCode(), goAway + "; seen: " + client.seen());
        assertTrue(client.isClosed(), "the connection stays open after " + goAway + "; seen: " + client.seen());
        return goAway;
    }

    /** Stream {@code streamId} is reset with {@code error}. */
    static void assertReset(RawH2Client client, int streamId, Http2Error error) throws IOException {
        assertEquals(error.name(), Frame.errorName(client.awaitRst(streamId)), "seen: " + client.seen());
    }

    /** The connection still serves: a GET on {@code streamId} is answered 200, and no GOAWAY came before it. */
    static void assertStillUsable(RawH2Client client, int streamId) throws IOException {
        client.get(streamId, "/still-usable");
        StreamResult result = client.awaitResponse(streamId);
        assertEquals(200, result.status(), result.toString());
        assertTrue(result.seen().stream().noneMatch(frame -> frame.startsWith("GOAWAY")), result.toString());
    }

    /** The attack did not take the server down: a new connection is served. */
    static void assertServesNewConnection(int port) throws IOException {
        try (RawH2Client fresh = RawH2Client.connect(port)) {
            assertStillUsable(fresh, 1);
        }
    }
}
