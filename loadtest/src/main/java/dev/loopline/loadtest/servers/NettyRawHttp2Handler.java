package dev.loopline.loadtest.servers;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/**
 * netty-raw's HTTP/2, written for speed: one {@link Http2ConnectionHandler} per connection that is its own frame
 * listener, so a stream is a HEADERS frame in and HEADERS + DATA out, with no child channel, no frame objects and
 * no HTTP/1.1 translation. Responses are written during the read and flushed once per read batch (the connection
 * handler flushes on {@code channelReadComplete}). {@code /plaintext} and {@code /json} with the same headers as
 * the HTTP/1.1 server; anything else is 404.
 */
final class NettyRawHttp2Handler extends Http2ConnectionHandler {

    /** The same limits Loopline's {@code Http2Config.defaults()} advertises, so neither side gets more streams. */
    static final int MAX_CONCURRENT_STREAMS = 100;
    static final int MAX_HEADER_LIST_BYTES = 16 * 1024;
    static final int INITIAL_WINDOW_BYTES = 64 * 1024;

    private static final AsciiString PLAINTEXT = AsciiString.cached(BenchContract.PLAINTEXT_PATH);
    private static final AsciiString JSON = AsciiString.cached(BenchContract.JSON_PATH);
    private static final AsciiString TEXT_PLAIN = AsciiString.cached(BenchContract.TEXT_PLAIN);
    private static final AsciiString APPLICATION_JSON = AsciiString.cached(BenchContract.APPLICATION_JSON);
    private static final AsciiString SERVER_NAME = AsciiString.cached("netty-raw");
    private static final AsciiString NOT_FOUND = HttpResponseStatus.NOT_FOUND.codeAsText();
    private static final AsciiString OK = HttpResponseStatus.OK.codeAsText();

    private final NettyRawResponses responses;

    private NettyRawHttp2Handler(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
                                 Http2Settings settings, NettyRawResponses responses) {
        super(decoder, encoder, settings);
        this.responses = responses;
    }

    static NettyRawHttp2Handler create(NettyRawResponses responses) {
        return new Builder(responses).build();
    }

    /** Frames in; state is the connection's, on its loop. */
    private final class Listener extends Http2FrameAdapter {
        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
                                  boolean endOfStream) {
            if (endOfStream) {
                respond(ctx, streamId, headers.path());
            }
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
                                  short weight, boolean exclusive, int padding, boolean endOfStream) {
            onHeadersRead(ctx, streamId, headers, padding, endOfStream);
        }

        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding,
                              boolean endOfStream) throws Http2Exception {
            if (endOfStream) { // no endpoint here takes a body: answered once it has arrived, as HTTP/1.1 does
                respond(ctx, streamId, null);
            }
            return data.readableBytes() + padding; // consumed at once: the window reopens
        }
    }

    private void respond(ChannelHandlerContext ctx, int streamId, CharSequence path) {
        if (PLAINTEXT.contentEquals(path == null ? "" : path)) {
            write(ctx, streamId, OK, TEXT_PLAIN, responses.plaintextBody());
        } else if (JSON.contentEquals(path == null ? "" : path)) {
            write(ctx, streamId, OK, APPLICATION_JSON, Unpooled.wrappedBuffer(JsonPayload.helloJson()));
        } else {
            write(ctx, streamId, NOT_FOUND, TEXT_PLAIN,
                    Unpooled.wrappedBuffer("Not Found".getBytes(StandardCharsets.US_ASCII)));
        }
    }

    private void write(ChannelHandlerContext ctx, int streamId, AsciiString status, AsciiString contentType,
                       ByteBuf body) {
        Http2Headers headers = new DefaultHttp2Headers(false, 5) // constants known to be valid
                .status(status)
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.SERVER, SERVER_NAME)
                .set(HttpHeaderNames.DATE, responses.date());
        encoder().writeHeaders(ctx, streamId, headers, 0, false, ctx.voidPromise());
        encoder().writeData(ctx, streamId, body, 0, true, ctx.voidPromise());
    }

    /** Netty's builder with Loopline's default limits; the handler listens to its own decoder. */
    private static final class Builder
            extends AbstractHttp2ConnectionHandlerBuilder<NettyRawHttp2Handler, Builder> {
        private final NettyRawResponses responses;

        Builder(NettyRawResponses responses) {
            this.responses = responses;
            initialSettings(new Http2Settings()
                    .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                    .maxHeaderListSize(MAX_HEADER_LIST_BYTES)
                    .initialWindowSize(INITIAL_WINDOW_BYTES));
        }

        @Override
        protected NettyRawHttp2Handler build() {
            return super.build();
        }

        @Override
        protected NettyRawHttp2Handler build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
                                             Http2Settings settings) {
            NettyRawHttp2Handler handler = new NettyRawHttp2Handler(decoder, encoder, settings, responses);
            frameListener(handler.new Listener());
            return handler;
        }
    }
}
