package dev.loopline.loadtest.servers;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
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
    /** Header validation off: every value here is a constant known to be valid. */
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final HttpHeadersFactory TRAILERS = DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

    private volatile AsciiString date = now(); // written by the timer on one loop, read by every loop

    NettyRawResponses(EventLoop timerLoop) {
        timerLoop.scheduleAtFixedRate(() -> date = now(), 1, 1, TimeUnit.SECONDS);
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
