package dev.loopline.server.internal;

import dev.loopline.server.Response;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
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

    private final ChannelHandlerContext ctx;
    private final Http2Responses heads;
    private final Response response;

    Http2StreamTarget(ChannelHandlerContext ctx, Http2Responses heads, Response response) {
        this.ctx = ctx;
        this.heads = heads;
        this.response = response;
    }

    @Override
    public void head() {
        ctx.write(new DefaultHttp2HeadersFrame(heads.head(response, response.body().contentLength()), false),
                ctx.voidPromise());
    }

    @Override
    public void data(ByteBuffer buffer) {
        ctx.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(buffer), false), ctx.voidPromise());
    }

    @Override
    public ChannelFuture end(Map<String, String> trailers) {
        if (trailers == null || trailers.isEmpty()) {
            return ctx.write(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true));
        }
        for (Map.Entry<String, String> field : trailers.entrySet()) {
            String name = field.getKey();
            if (name == null || field.getValue() == null || !FieldRules.isToken(name)
                    || !FieldRules.isFieldValue(field.getValue())) {
                log.error("Trailer fields of the response are not valid fields: none is sent");
                return ctx.write(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true));
            }
        }
        return ctx.write(new DefaultHttp2HeadersFrame(Http2Responses.trailers(trailers), true));
    }

    @Override
    public boolean isWritable() {
        return ctx.channel().isWritable();
    }

    @Override
    public void flush() {
        ctx.flush();
    }
}
