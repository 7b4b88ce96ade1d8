package dev.loopline.server;

import java.nio.ByteBuffer;

/**
 * What a WebSocket route does with its session's events. Every method runs on the connection's event loop, one at a
 * time, in order, and must not block: the loop guard watches them as it watches handlers (and names the upgrade
 * request when one blocks). Move CPU-heavy or blocking work off the loop, for example with
 * {@code CompletableFuture.supplyAsync(work, executor)} on an executor of your own, and send the result from there
 * (sends may come from any thread). Each method has an empty default.
 *
 * <p>An exception thrown by a method closes the session with 1011 (internal error) and is logged.
 */
public interface WebSocketListener {

    /** The handshake is done: the session is open and may send. */
    default void onOpen(WebSocket session) {
    }

    /** A whole text message (fragments already joined, valid UTF-8, at most the message limit). */
    default void onText(WebSocket session, String text) {
    }

    /** A whole binary message (fragments already joined). The buffer is the listener's to keep. */
    default void onBinary(WebSocket session, ByteBuffer data) {
    }

    /** A ping from the peer; the pong has been sent already. */
    default void onPing(WebSocket session, ByteBuffer data) {
    }

    /** A pong, the answer to {@link WebSocket#ping}, or one the peer sent unasked. */
    default void onPong(WebSocket session, ByteBuffer data) {
    }

    /**
     * The session has ended, once: {@code code} is the peer's close code, the one the server closed with (1001 at
     * shutdown or after the idle timeout, 1002 protocol error, 1007 bad UTF-8, 1008 slow reader, 1009 too big,
     * 1011 a listener failed), or 1006 when the connection went without a closing handshake.
     */
    default void onClose(WebSocket session, int code, String reason) {
    }

    /** A protocol error or an I/O failure, just before the session closes because of it. */
    default void onError(WebSocket session, Throwable error) {
    }
}
