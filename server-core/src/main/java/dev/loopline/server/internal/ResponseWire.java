package dev.loopline.server.internal;

import dev.loopline.server.Response;
import io.netty.channel.ChannelFuture;

/**
 * How a {@link ResponseQueue}'s responses go on the wire: HTTP/1.1 bytes ({@link Http1Wire}) or HTTP/2 frames on
 * one stream ({@link Http2StreamDispatcher}). Loop thread only.
 */
interface ResponseWire {

    /**
     * Writes a response whose body is in memory or is not sent, without flushing.
     *
     * @return the future of the last write when {@code field} is CLOSE, else possibly null
     */
    ChannelFuture writeResponse(Response response, boolean headRequest, ResponseWriter.ConnectionField field);

    /** Writes the interim {@code 100 Continue}. */
    void writeContinue();

    /** Where a streamed body goes, framed as {@code framing} says (HTTP/1.1) or as DATA frames (HTTP/2). */
    ResponseStream.Target streamTarget(Response response, ResponseWriter.ConnectionField field,
                                       ResponseWriter.Framing framing);

    /** Whether a file body may go out with {@code sendfile} (a cleartext HTTP/1.1 connection). */
    boolean sendsFiles();
}
