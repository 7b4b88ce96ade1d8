package dev.loopline.loadtest.driver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * WebSocket echo load on plain Netty: each connection opens a session, sends a 32-byte text message and sends the
 * next when its echo is back (a closed loop per session, as a chat client that waits for its own message). An echo
 * counts as one answer; latency is from send to echo.
 */
public final class WebSocketEchoLoad extends NettyLoad {

    private static final ByteBuf MESSAGE = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(
            "loopline websocket echo message.", StandardCharsets.US_ASCII));

    private WebSocketEchoLoad(URI uri, int connections, int ioThreads) throws InterruptedException {
        super("java-websocket", connections, ioThreads);
        connect(uri.getHost(), uri.getPort(), new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                        new WebSocketClientProtocolHandler(uri, WebSocketVersion.V13, null, false,
                                EmptyHttpHeaders.INSTANCE, 65536),
                        new EchoHandler());
            }
        });
    }

    /** Opens {@code connections} sessions to {@code ws://host:port/path}; each starts its loop once upgraded. */
    public static WebSocketEchoLoad start(String host, int port, String path, int connections, int ioThreads)
            throws InterruptedException {
        return new WebSocketEchoLoad(URI.create("ws://" + host + ":" + port + path), connections, ioThreads);
    }

    /** One session's closed loop, on its channel's loop. */
    private final class EchoHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private long sentNanos;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                send(ctx);
            } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                errors.increment();
            }
            ctx.fireUserEventTriggered(event);
        }

        private void send(ChannelHandlerContext ctx) {
            if (stopped) {
                return;
            }
            sentNanos = System.nanoTime();
            ctx.writeAndFlush(new TextWebSocketFrame(MESSAGE.duplicate()));
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame echo) {
            ok.increment();
            recordLatency(sentNanos);
            send(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!stopped) {
                errors.increment();
            }
            ctx.close();
        }
    }
}
