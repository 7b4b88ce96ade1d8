package dev.loopline.server.internal;

import dev.loopline.server.Response;
import io.netty.channel.ChannelFuture;

/**
 * What a {@link ResponseQueue} needs of the connection it answers on: an HTTP/1.1 connection
 * ({@link RequestDispatcher}) or one HTTP/2 stream ({@link Http2StreamDispatcher}). The queue decides the order
 * and the outcome of each exchange; the connection decides how a response goes on the wire and what closing means.
 * Loop thread only.
 */
interface QueueConnection {

    /** The facts its requests carry. */
    ChannelContext context();

    /** False once the client has gone away. */
    boolean isOpen();

    /** True when no request follows: the last response closes (HTTP/1.1) or nothing closes early (HTTP/2). */
    boolean isClosing();

    /** The response of {@code slot} goes out now: true when it must close the exchange (its body was not read). */
    boolean responseGoesOut(ResponseSlot slot);

    /** The 101 of an accepted WebSocket upgrade is due. */
    void upgrade(ResponseSlot slot, Response response);

    /** The queue wrote responses (or nothing): flush now, or at the end of the read burst. */
    void written(boolean wrote);

    /** The last response is written: close once it is out. */
    void closeAfter(ChannelFuture lastWrite, boolean clientAskedToClose);

    /** Nothing more is read or answered: close once what is written has gone out. */
    void closeWhenWritten();

    /** A streamed response broke off after its head: the client must see a cut body (HTTP/2: a stream reset). */
    default void responseBroken() {
        closeWhenWritten();
    }
}
