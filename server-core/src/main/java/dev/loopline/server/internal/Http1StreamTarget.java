package dev.loopline.server.internal;

import dev.loopline.server.Response;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streamed body on an HTTP/1.1 connection (RFC 9112 section 6 and 7): raw bytes after a {@code Content-Length},
 * chunks with {@code Transfer-Encoding: chunked}, or raw bytes up to the close for an HTTP/1.0 client. Loop thread.
 */
final class Http1StreamTarget implements ResponseStream.Target {

    private static final Logger log = LoggerFactory.getLogger(Loggers.HANDLER);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n'};
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final ChannelHandlerContext ctx;
    private final ResponseWriter writer;
    private final Response response;
    private final ResponseWriter.ConnectionField connection;
    private final ResponseWriter.Framing framing;

    Http1StreamTarget(ChannelHandlerContext ctx, ResponseWriter writer, Response response,
                      ResponseWriter.ConnectionField connection, ResponseWriter.Framing framing) {
        this.ctx = ctx;
        this.writer = writer;
        this.response = response;
        this.connection = connection;
        this.framing = framing;
    }

    @Override
    public void head() {
        writer.writeStreamHead(ctx, response, connection, response.body().contentLength(), framing);
    }

    @Override
    public void data(ByteBuffer buffer) {
        if (framing == ResponseWriter.Framing.CHUNKED) {
            ByteBuf size = ctx.alloc().ioBuffer(18);
            writeHex(size, buffer.remaining());
            size.writeBytes(CRLF);
            ctx.write(size, ctx.voidPromise());
            ctx.write(Unpooled.wrappedBuffer(buffer), ctx.voidPromise());
            ctx.write(Unpooled.wrappedBuffer(CRLF), ctx.voidPromise());
        } else {
            ctx.write(Unpooled.wrappedBuffer(buffer), ctx.voidPromise());
        }
    }

    @Override
    public ChannelFuture end(Map<String, String> trailers) {
        if (framing != ResponseWriter.Framing.CHUNKED) {
            return ctx.write(Unpooled.EMPTY_BUFFER);
        }
        ByteBuf last = ctx.alloc().ioBuffer(64);
        last.writeBytes(LAST_CHUNK);
        if (trailers != null) {
            for (Map.Entry<String, String> field : trailers.entrySet()) {
                String name = field.getKey();
                String value = field.getValue();
                if (name == null || value == null || !FieldRules.isToken(name) || !FieldRules.isFieldValue(value)) {
                    log.error("Trailer field {} of the response is not a valid field: left out", safe(name));
                    continue;
                }
                last.writeCharSequence(name, StandardCharsets.US_ASCII);
                last.writeByte(':').writeByte(' ');
                last.writeCharSequence(value, StandardCharsets.ISO_8859_1);
                last.writeBytes(CRLF);
            }
        }
        last.writeBytes(CRLF);
        return ctx.write(last);
    }

    @Override
    public boolean isWritable() {
        return ctx.channel().isWritable();
    }

    @Override
    public void flush() {
        ctx.flush();
    }

    private static void writeHex(ByteBuf out, int value) {
        int shift = 28;
        while (shift > 0 && (value >>> shift & 0xf) == 0) {
            shift -= 4;
        }
        for (; shift >= 0; shift -= 4) {
            out.writeByte(HEX[value >>> shift & 0xf]);
        }
    }

    private static String safe(String name) {
        return name == null ? "null" : FieldRules.isToken(name) ? name : "(a name with invalid characters)";
    }
}
