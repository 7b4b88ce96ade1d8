package dev.loopline.server.internal;

import dev.loopline.server.Response;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;

/**
 * Encodes a {@link Response} straight into bytes: pre-encoded status lines and constant fields, the cached
 * {@code Date} line, and the body copied into the same buffer when small (one write) or wrapped without a copy
 * when large. Shared by all connections of a server; holds no per-connection state.
 */
final class ResponseWriter {

    /** What the {@code Connection} field of a response says. */
    enum ConnectionField { NONE, KEEP_ALIVE, CLOSE }

    static final byte[] CONTINUE = ascii("HTTP/1.1 100 Continue\r\n\r\n");

    private static final int INLINE_BODY_LIMIT = 2048;
    private static final byte[] NO_BODY = new byte[0];
    private static final byte[][] STATUS_LINES = new byte[600][];
    private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
    private static final byte[] TRANSFER_ENCODING_CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
    private static final byte[] CONNECTION_CLOSE = ascii("Connection: close\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = ascii("Connection: keep-alive\r\n");
    private static final String CONTENT_TYPE_NAME = "Content-Type"; // the literal Response's factories use
    private static final byte[] CONTENT_TYPE_TEXT = ascii("Content-Type: " + Response.TEXT_PLAIN + "\r\n");
    private static final byte[] CONTENT_TYPE_JSON = ascii("Content-Type: " + Response.APPLICATION_JSON + "\r\n");
    private static final byte[] CONTENT_TYPE_PROBLEM = ascii("Content-Type: " + Response.PROBLEM_JSON + "\r\n");
    private static final short CRLF = ('\r' << 8) | '\n';
    private static final short COLON_SPACE = (':' << 8) | ' ';

    static {
        for (int status = 200; status < STATUS_LINES.length; status++) {
            STATUS_LINES[status] = ascii("HTTP/1.1 " + status + " " + StatusText.reason(status) + "\r\n");
        }
    }

    private final DateHeader date;
    private final byte[] serverLine;
    private final Http2Responses http2;

    ResponseWriter(DateHeader date, String serverName) {
        this.date = date;
        this.serverLine = ascii("Server: " + serverName + "\r\n");
        this.http2 = new Http2Responses(date, serverName);
    }

    /** The same heads for HTTP/2 streams. */
    Http2Responses http2() {
        return http2;
    }

    /**
     * Writes {@code response}, whose body is in memory or is not sent (without flushing). For a HEAD request the body
     * is left out and {@code Content-Length} still gives its length (RFC 9110 section 9.3.2); a streamed body's head
     * says what a GET would get ({@code Content-Length} when known, else {@code Transfer-Encoding: chunked}). 204 and
     * 304 never have a body nor {@code Content-Length} (RFC 9110 section 8.6; {@link Response} refuses one at build
     * time); 205 never has a body and says {@code Content-Length: 0} (RFC 9110 section 15.3.6), whatever the handler
     * supplied.
     *
     * @return the future of the last write when the connection closes after it, else null (no future is made)
     */
    ChannelFuture write(ChannelHandlerContext ctx, Response response, boolean headRequest,
                        ConnectionField connection) {
        int status = response.status();
        boolean noContent = status == 204 || status == 304;
        byte[] body = noContent || status == 205 ? NO_BODY : BodyParts.bytes(response.body());
        if (body == null) { // a streamed body of a HEAD request: the head alone, framed as a GET's would be
            long length = response.body().contentLength();
            ByteBuf out = head(ctx, response, connection, 0, length, length < 0 ? Framing.CHUNKED : Framing.LENGTH);
            return finish(ctx, out, connection);
        }
        boolean inlineBody = !headRequest && body.length <= INLINE_BODY_LIMIT;
        ByteBuf out = head(ctx, response, connection, inlineBody ? body.length : 0, body.length,
                noContent ? Framing.NONE : Framing.LENGTH);
        if (inlineBody) {
            out.writeBytes(body);
        } else if (!headRequest) {
            ctx.write(out, ctx.voidPromise());
            out = Unpooled.wrappedBuffer(body);
        }
        return finish(ctx, out, connection);
    }

    /**
     * Writes the head of a response whose streamed body follows in {@code framing} (without flushing): with
     * {@code Content-Length} for {@link Framing#LENGTH}, {@code Transfer-Encoding: chunked} for
     * {@link Framing#CHUNKED}, neither for {@link Framing#CLOSE_DELIMITED} (an HTTP/1.0 client; the connection then
     * closes).
     */
    void writeStreamHead(ChannelHandlerContext ctx, Response response, ConnectionField connection, long length,
                         Framing framing) {
        ctx.write(head(ctx, response, connection, 0, length, framing), ctx.voidPromise());
    }

    /** How a body's end is found (RFC 9112 section 6.3). */
    enum Framing { NONE, LENGTH, CHUNKED, CLOSE_DELIMITED }

    private static ChannelFuture finish(ChannelHandlerContext ctx, ByteBuf out, ConnectionField connection) {
        if (connection == ConnectionField.CLOSE) {
            return ctx.write(out);
        }
        ctx.write(out, ctx.voidPromise());
        return null;
    }

    /** The status line and header section, in a buffer with room for {@code inlineBody} bytes more. */
    private ByteBuf head(ChannelHandlerContext ctx, Response response, ConnectionField connection, int inlineBody,
                         long contentLength, Framing framing) {
        FieldList fields = (FieldList) response.headers();
        int status = response.status();
        int size = 128 + inlineBody;
        for (int i = 0; i < fields.count(); i++) {
            size += fields.name(i).length() + fields.value(i).length() + 4;
        }
        ByteBuf out = ctx.alloc().ioBuffer(size);
        out.writeBytes(STATUS_LINES[status]);
        boolean hasServer = false;
        boolean hasDate = false;
        for (int i = 0; i < fields.count(); i++) {
            String name = fields.name(i);
            hasServer |= name.equalsIgnoreCase("Server");
            hasDate |= name.equalsIgnoreCase("Date");
            if (connection != ConnectionField.NONE && name.equalsIgnoreCase("Connection")) {
                continue; // the server decides about the connection, below
            }
            if (status == 205 && name.equalsIgnoreCase("Content-Type")) {
                continue; // the body it described is not sent
            }
            byte[] constant = constantLine(name, fields.value(i));
            if (constant != null) {
                out.writeBytes(constant);
                continue;
            }
            out.writeCharSequence(name, StandardCharsets.US_ASCII);
            out.writeShort(COLON_SPACE);
            out.writeCharSequence(fields.value(i), StandardCharsets.ISO_8859_1);
            out.writeShort(CRLF);
        }
        if (!hasServer) {
            out.writeBytes(serverLine);
        }
        if (!hasDate) {
            out.writeBytes(date.line());
        }
        if (framing == Framing.LENGTH) { // RFC 9110 8.6: never on a 204; a 304's would describe a body it does not have
            out.writeBytes(CONTENT_LENGTH);
            writeDecimal(out, contentLength);
            out.writeShort(CRLF);
        } else if (framing == Framing.CHUNKED) {
            out.writeBytes(TRANSFER_ENCODING_CHUNKED);
        }
        if (connection == ConnectionField.CLOSE) {
            out.writeBytes(CONNECTION_CLOSE);
        } else if (connection == ConnectionField.KEEP_ALIVE) {
            out.writeBytes(CONNECTION_KEEP_ALIVE);
        }
        out.writeShort(CRLF);
        return out;
    }

    /**
     * The pre-encoded line for the {@code Content-Type} values that {@link Response}'s factories use. Compared by
     * identity: those factories pass these very constants, so the check costs two reference comparisons.
     */
    @SuppressWarnings("StringEquality")
    private static byte[] constantLine(String name, String value) {
        if (name != CONTENT_TYPE_NAME) {
            return null;
        }
        if (value == Response.TEXT_PLAIN) {
            return CONTENT_TYPE_TEXT;
        }
        if (value == Response.APPLICATION_JSON) {
            return CONTENT_TYPE_JSON;
        }
        return value == Response.PROBLEM_JSON ? CONTENT_TYPE_PROBLEM : null;
    }

    /** Writes the interim {@code 100 Continue} response (RFC 9110 section 15.2.1). */
    static void writeContinue(ChannelHandlerContext ctx) {
        ctx.write(Unpooled.wrappedBuffer(CONTINUE), ctx.voidPromise());
    }

    private static void writeDecimal(ByteBuf out, long value) {
        if (value < 10) {
            out.writeByte('0' + (int) value);
            return;
        }
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        int end = out.writerIndex() + digits;
        out.ensureWritable(digits);
        long rest = value;
        for (int i = end - 1; i >= out.writerIndex(); i--, rest /= 10) {
            out.setByte(i, '0' + (int) (rest % 10));
        }
        out.writerIndex(end);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** True when the handler's response says {@code Connection: close}. */
    static boolean asksToClose(Response response) {
        return response.headers().firstValue("Connection")
                .map(value -> value.toLowerCase(java.util.Locale.ROOT).contains("close")).orElse(false);
    }
}
