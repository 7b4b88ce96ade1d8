package dev.loopline.testsupport.protocols;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One request-response on its own HTTP/2 stream channel: collects the response's HEADERS (skipping 1xx), DATA and
 * trailers, and completes when the server ends the stream; fails on RST_STREAM, on a GOAWAY that excludes the
 * stream, or when the stream closes first. Releases every frame and event it is given. Runs on the client loop.
 */
final class NettyHttp2Exchange extends ChannelInboundHandlerAdapter {

    private final NettyHttp2Client client;
    private final WireRequest request;
    private final CompletableFuture<WireResponse> result = new CompletableFuture<>();
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int status = -1;

    NettyHttp2Exchange(NettyHttp2Client client, WireRequest request) {
        this.client = client;
        this.request = request;
    }

    CompletableFuture<WireResponse> result() {
        return result;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2HeadersFrame) {
                Http2HeadersFrame frame = (Http2HeadersFrame) msg;
                boolean informational = frame.headers().status() != null
                        && frame.headers().status().toString().startsWith("1");
                if (!informational) {
                    if (status < 0) {
                        status = Integer.parseInt(frame.headers().status().toString());
                    }
                    frame.headers().forEach(field -> headers.computeIfAbsent(field.getKey().toString(),
                            name -> new ArrayList<>()).add(field.getValue().toString()));
                    if (frame.isEndStream()) {
                        complete();
                    }
                }
            } else if (msg instanceof Http2DataFrame) {
                Http2DataFrame frame = (Http2DataFrame) msg;
                ByteBuf content = frame.content();
                content.readBytes(body, content.readableBytes());
                if (frame.isEndStream()) {
                    complete();
                }
            }
        } catch (IOException | RuntimeException e) {
            fail("the response could not be read", e);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        try {
            if (event instanceof Http2ResetFrame) {
                long code = ((Http2ResetFrame) event).errorCode();
                result.completeExceptionally(new StreamResetException(code, request + ": the server reset the "
                        + "stream with " + name(code) + " (" + client.describeConnection() + ")"));
            } else if (event instanceof Http2GoAwayFrame) {
                Http2GoAwayFrame goAway = (Http2GoAwayFrame) event;
                fail("a GOAWAY " + name(goAway.errorCode()) + " with last stream " + goAway.lastStreamId()
                        + " excludes this stream", null);
            }
        } finally {
            ReferenceCountUtil.release(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail("the stream closed before its response ended", null);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail("the stream failed", cause);
        ctx.close();
    }

    private void complete() throws IOException {
        if (status < 0) {
            throw new IOException("the stream ended without a :status");
        }
        result.complete(WireResponse.of(status, headers, body.toByteArray(), "HTTP/2"));
    }

    /** Fails the exchange unless it has already ended. */
    void fail(String what, Throwable cause) {
        if (!result.isDone()) {
            result.completeExceptionally(new IOException(request + ": " + what + " (" + client.describeConnection()
                    + (cause == null ? "" : "; " + cause) + ")", cause));
        }
    }

    private static String name(long errorCode) {
        Http2Error error = Http2Error.valueOf(errorCode);
        return error == null ? "error " + errorCode : error.name();
    }
}
