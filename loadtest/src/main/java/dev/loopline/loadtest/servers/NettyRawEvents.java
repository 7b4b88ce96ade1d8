package dev.loopline.loadtest.servers;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;

/**
 * {@code /events} as the idiomatic raw Netty server writes it: a chunked {@code text/event-stream} head, the channel
 * joins a {@link ChannelGroup}, and each broadcast is one buffer written to the whole group (no per-client buffer
 * bound: a client that stops reading grows its channel's outbound buffer).
 */
final class NettyRawEvents {

    private static final ChannelGroup SUBSCRIBERS = new DefaultChannelGroup("events", GlobalEventExecutor.INSTANCE);
    private static final EventTicker TICKER = new EventTicker(NettyRawEvents::broadcast);

    private NettyRawEvents() {
    }

    static void subscribe(ChannelHandlerContext ctx) {
        TICKER.ensureStarted();
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        ctx.writeAndFlush(head);
        SUBSCRIBERS.add(ctx.channel()); // removed by the group when the channel closes
    }

    private static void broadcast() {
        if (SUBSCRIBERS.isEmpty()) {
            return;
        }
        ByteBuf event = Unpooled.copiedBuffer("data: " + BenchContract.eventData(System.nanoTime()) + "\n\n",
                StandardCharsets.UTF_8);
        SUBSCRIBERS.writeAndFlush(new DefaultHttpContent(event)); // the group writes a retained duplicate to each
    }
}
