package dev.loopline.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;

/**
 * The raw Netty side of the pipeline benchmark, written like the loadtest's {@code NettyRawHandler}: constant
 * header values as {@link AsciiString}, header validation off, a write per response and one flush per read
 * batch. An upload's body is copied into one array as it arrives, which is what Loopline hands its handler.
 */
final class RawNettyHandler extends ChannelInboundHandlerAdapter {

    private static final AsciiString SERVER_NAME = AsciiString.cached("netty-raw");
    private static final AsciiString DATE = AsciiString.cached("Tue, 24 Nov 2026 02:09:27 GMT");
    private static final AsciiString TEXT_PLAIN = AsciiString.cached(BenchExchanges.TEXT_PLAIN);
    private static final AsciiString APPLICATION_JSON = AsciiString.cached(BenchExchanges.APPLICATION_JSON);
    private static final ByteBuf HELLO_BODY =
            Unpooled.unreleasableBuffer(Unpooled.directBuffer(16).writeBytes(BenchExchanges.HELLO));
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final HttpHeadersFactory TRAILERS = DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

    private boolean keepAlive;
    private byte[] upload; // the body of the upload arriving, or null; owned by the channel's loop
    private int uploadLength;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        try {
            if (message instanceof HttpRequest) {
                onHead(ctx, (HttpRequest) message);
            }
            if (message instanceof HttpContent && upload != null) {
                ByteBuf content = ((HttpContent) message).content();
                int readable = Math.min(content.readableBytes(), upload.length - uploadLength);
                content.getBytes(content.readerIndex(), upload, uploadLength, readable);
                uploadLength += readable;
                if (message instanceof LastHttpContent) {
                    int received = uploadLength;
                    upload = null;
                    write(ctx, response(HttpResponseStatus.OK, TEXT_PLAIN,
                            Unpooled.wrappedBuffer(BenchExchanges.uploadAnswer(received))));
                }
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void onHead(ChannelHandlerContext ctx, HttpRequest request) {
        keepAlive = HttpUtil.isKeepAlive(request);
        String uri = request.uri();
        if (HttpMethod.POST.equals(request.method()) && uri.equals(BenchExchanges.UPLOAD_PATH)) {
            upload = new byte[(int) HttpUtil.getContentLength(request, 0L)];
            uploadLength = 0;
        } else if (uri.equals(BenchExchanges.PLAINTEXT_PATH)) {
            write(ctx, response(HttpResponseStatus.OK, TEXT_PLAIN, HELLO_BODY.duplicate()));
        } else if (uri.equals(BenchExchanges.JSON_PATH)) {
            write(ctx, response(HttpResponseStatus.OK, APPLICATION_JSON,
                    Unpooled.wrappedBuffer(BenchExchanges.helloJson())));
        } else {
            write(ctx, response(HttpResponseStatus.NOT_FOUND, TEXT_PLAIN, Unpooled.EMPTY_BUFFER));
        }
    }

    private void write(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (keepAlive) {
            ctx.write(response, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse response(HttpResponseStatus status, AsciiString contentType, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body, HEADERS, TRAILERS);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.SERVER, SERVER_NAME)
                .set(HttpHeaderNames.DATE, DATE);
        return response;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush(); // one flush per read batch, as the loadtest's netty-raw does
    }
}
