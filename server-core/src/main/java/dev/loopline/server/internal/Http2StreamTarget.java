package dev.loopline.server.internal;

import dev.loopline.server.Response;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import java.nio.ByteBuffer;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streamed body on one HTTP/2 stream: a HEADERS frame, DATA frames (Netty splits them to the peer's frame size and
 * sends them as its flow-control window allows), and the end as an empty DATA frame with END_STREAM or as a
 * trailers HEADERS frame. The stream's channel is writable only while its window and the connection's buffer have
 * room, so the body's publisher is asked for more only as fast as the client reads. Loop thread.
 */
final class Http2StreamTarget implements ResponseStream.Target {

    private static final Logger log = LoggerFactory.getLogger(Loggers.HANDLER);

    private final Http2Exchange exchange;
    private final Http2Responses heads;
    private final Response response;
    private final int highWaterMark;
    private long unflushed; // DATA bytes written since the last flush

    Http2StreamTarget(Http2Exchange exchange, Http2Responses heads, Response response, int highWaterMark) {
        this.exchange = exchange;
        this.heads = heads;
        this.response = response;
        this.highWaterMark = highWaterMark;
    }

    @Override
    public void head() {
        exchange.writeHead(heads.head(response, response.body().contentLength()), false);
    }

    /**
     * DATA waits in Netty's flow controller, not in the channel's buffer, until a flush; the stream's writability sees
     * the channel's buffer only. So once a high-water mark of DATA is written unflushed, it is flushed at once: the
     * channel's water marks then bound what a client with a huge window can make the server hold.
     */
    @Override
    public void data(ByteBuffer buffer) {
        unflushed += buffer.remaining();
        exchange.writeData(Unpooled.wrappedBuffer(buffer), false);
        if (unflushed >= highWaterMark) {
            unflushed = 0;
            exchange.flushNow();
        }
    }

    @Override
    public ChannelFuture end(Map<String, String> trailers) {
        if (trailers == null || trailers.isEmpty()) {
            return exchange.writeData(Unpooled.EMPTY_BUFFER, true);
        }
        for (Map.Entry<String, String> field : trailers.entrySet()) {
            String name = field.getKey();
            if (name == null || field.getValue() == null || !FieldRules.isToken(name)
                    || !FieldRules.isFieldValue(field.getValue())) {
                log.error("Trailer fields of the response are not valid fields: none is sent");
                return exchange.writeData(Unpooled.EMPTY_BUFFER, true);
            }
        }
        return exchange.writeHead(Http2Responses.trailers(trailers), true);
    }

    @Override
    public boolean isWritable() {
        return exchange.isWritable();
    }

    @Override
    public void flush() {
        exchange.flush(); // inside a read burst, at its end: unflushed keeps counting until flushNow

    }
}
