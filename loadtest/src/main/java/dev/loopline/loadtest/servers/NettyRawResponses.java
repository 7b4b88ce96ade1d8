package dev.loopline.loadtest.servers;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;

/** netty-raw's pre-encoded pieces: header values as {@link AsciiString}, the plaintext body, a Date cached per second. */
final class NettyRawResponses {

    private static final AsciiString SERVER_NAME = AsciiString.cached("netty-raw");
    private static final AsciiString TEXT_PLAIN = AsciiString.cached(BenchContract.TEXT_PLAIN);
    private static final AsciiString APPLICATION_JSON = AsciiString.cached(BenchContract.APPLICATION_JSON);
    private static final ByteBuf HELLO_BODY =
            Unpooled.unreleasableBuffer(Unpooled.directBuffer(16).writeBytes(BenchContract.HELLO_BYTES));
    private static final Path FILE = BenchFiles.oneMiB();
    private static final AsciiString APPLICATION_OCTET_STREAM = AsciiString.cached("application/octet-stream");
    /** The same 16 KiB chunk Loopline's /download sends, shared: each response writes read-only duplicates of it. */
    private static final ByteBuf DOWNLOAD_CHUNK = Unpooled.unreleasableBuffer(Unpooled.directBuffer(
            BenchContract.DOWNLOAD_CHUNK_BYTES).writeBytes(DownloadChunks.CHUNK.duplicate()));
    /** Header validation off: every value here is a constant known to be valid. */
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final HttpHeadersFactory TRAILERS = DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

    private volatile AsciiString date = now(); // written by the timer on one loop, read by every loop

    NettyRawResponses(EventLoop timerLoop) {
        timerLoop.scheduleAtFixedRate(() -> date = now(), 1, 1, TimeUnit.SECONDS);
    }

    /** The plaintext body as a read-only duplicate of the shared buffer (HTTP/2 writes it as one DATA frame). */
    ByteBuf plaintextBody() {
        return HELLO_BODY.duplicate();
    }

    /** The Date value of this second. */
    AsciiString date() {
        return date;
    }

    FullHttpResponse plaintext() {
        return ok(TEXT_PLAIN, HELLO_BODY.duplicate());
    }

    FullHttpResponse json(byte[] json) {
        return ok(APPLICATION_JSON, Unpooled.wrappedBuffer(json));
    }

    FullHttpResponse text(String text) {
        return ok(TEXT_PLAIN, Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.US_ASCII)));
    }

    FullHttpResponse status(HttpResponseStatus status) {
        return response(status, TEXT_PLAIN, Unpooled.wrappedBuffer(
                status.reasonPhrase().getBytes(StandardCharsets.US_ASCII)));
    }

    /** /download as the idiomatic raw Netty server writes it: a head with the length, the same chunks, the end. */
    void writeDownload(ChannelHandlerContext ctx, boolean keepAlive) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, HEADERS);
        head.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, APPLICATION_OCTET_STREAM)
                .setInt(HttpHeaderNames.CONTENT_LENGTH,
                        BenchContract.DOWNLOAD_CHUNK_BYTES * BenchContract.DOWNLOAD_CHUNKS)
                .set(HttpHeaderNames.SERVER, SERVER_NAME)
                .set(HttpHeaderNames.DATE, date);
        ctx.write(head, ctx.voidPromise());
        for (int i = 0; i < BenchContract.DOWNLOAD_CHUNKS; i++) {
            ctx.write(new DefaultHttpContent(DOWNLOAD_CHUNK.duplicate()), ctx.voidPromise());
        }
        if (keepAlive) {
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** /file: the head, the file as a {@code DefaultFileRegion} (sendfile), the end. The region closes the file. */
    void writeFile(ChannelHandlerContext ctx, boolean keepAlive) {
        FileChannel file;
        try {
            file = FileChannel.open(FILE, StandardOpenOption.READ);
        } catch (IOException e) {
            write(ctx, keepAlive, status(HttpResponseStatus.NOT_FOUND));
            return;
        }
        long length = BenchContract.DOWNLOAD_CHUNK_BYTES * (long) BenchContract.DOWNLOAD_CHUNKS;
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, HEADERS);
        head.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, APPLICATION_OCTET_STREAM)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, (int) length)
                .set(HttpHeaderNames.SERVER, SERVER_NAME)
                .set(HttpHeaderNames.DATE, date);
        ctx.write(head, ctx.voidPromise());
        ctx.write(new DefaultFileRegion(file, 0, length), ctx.voidPromise());
        if (keepAlive) {
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static void write(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        if (keepAlive) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** /download in one piece, for the rare request pipelined behind a pending answer. */
    FullHttpResponse downloadWhole() {
        ByteBuf body = Unpooled.buffer(BenchContract.DOWNLOAD_CHUNK_BYTES * BenchContract.DOWNLOAD_CHUNKS);
        for (int i = 0; i < BenchContract.DOWNLOAD_CHUNKS; i++) {
            body.writeBytes(DOWNLOAD_CHUNK.duplicate());
        }
        return ok(APPLICATION_OCTET_STREAM, body);
    }

    private FullHttpResponse ok(AsciiString contentType, ByteBuf body) {
        return response(HttpResponseStatus.OK, contentType, body);
    }

    private FullHttpResponse response(HttpResponseStatus status, AsciiString contentType, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body, HEADERS, TRAILERS);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.SERVER, SERVER_NAME)
                .set(HttpHeaderNames.DATE, date);
        return response;
    }

    private static AsciiString now() {
        return new AsciiString(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
    }
}
