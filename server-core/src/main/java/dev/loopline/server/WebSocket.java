package dev.loopline.server;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * One open WebSocket session (RFC 6455), the server's side. Its listener's methods run on the connection's event
 * loop, one at a time, in the order the frames came; the send methods may be called from any thread.
 *
 * <p><b>Sending.</b> Each send returns a stage that completes when the frame has been written to the socket, or
 * fails when it cannot be (the session closed). Frames wait in an outbound queue bounded by
 * {@link WebSocketOptions#maxQueuedBytes()}: a peer that reads so slowly that a send would pass the bound has that
 * send fail, and the session is closed with 1008 (policy violation, "the client reads too slowly"), so that one slow
 * client never holds the server's memory. While the socket is not writable the server also stops reading the
 * peer's frames (TCP backpressure for a client that sends but does not read).
 */
public interface WebSocket {

    /** The upgrade request, with its path parameters, headers and the attributes filters put on it. */
    Request request();

    /** The subprotocol agreed in the handshake, if any ({@link WebSocketOptions#subprotocols()}). */
    Optional<String> subprotocol();

    /** True until a close frame has been sent or received, or the connection has gone. */
    boolean isOpen();

    /** Sends a text message in one frame. */
    CompletionStage<Void> sendText(String text);

    /** Sends a binary message in one frame; the buffer's remaining bytes are copied before this returns. */
    CompletionStage<Void> sendBinary(ByteBuffer data);

    /** Sends a ping (at most 125 bytes of application data); the peer's pong reaches {@link WebSocketListener#onPong}. */
    CompletionStage<Void> ping(ByteBuffer data);

    /**
     * Starts the closing handshake with {@code code} (1000, 1001, 1003, 1007 to 1011, or 3000 to 4999) and a reason
     * of at most 123 UTF-8 bytes; the connection closes when the peer answers, or after five seconds. The stage
     * completes when the close frame is written. Later sends fail.
     */
    CompletionStage<Void> close(int code, String reason);

    /**
     * Completes with the close code when the session has ended: the peer's code (or ours, when we closed first and
     * the peer answered), 1006 when the connection went without a closing handshake.
     */
    CompletionStage<Integer> closeFuture();

    /**
     * The session's event loop as an executor: to come back to the session's thread after offloaded work
     * (CPU-heavy message handling on {@code Offload}'s pools, say), where the listener's own calls run.
     */
    Executor executor();
}
