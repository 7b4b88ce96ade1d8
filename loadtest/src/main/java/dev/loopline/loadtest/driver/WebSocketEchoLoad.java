package dev.loopline.loadtest.driver;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * WebSocket echo load on plain Netty: each connection opens a session, sends a 32-byte text message and sends the
 * next when its echo is back (a closed loop per session, as a chat client that waits for its own message). An echo
 * counts as one answer; latency is from send to echo.
 */
public final class WebSocketEchoLoad implements RunningLoad {

    private static final ByteBuf MESSAGE = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(
            "loopline websocket echo message.", StandardCharsets.US_ASCII));

    private final MultiThreadIoEventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();
    private final int connections;
    private final Recorder recorder = new Recorder(TimeUnit.MINUTES.toMicros(2), 3);
    private final LongAdder ok = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private volatile boolean stopped;

    private WebSocketEchoLoad(URI uri, int connections, int ioThreads) throws InterruptedException {
        this.connections = connections;
        this.group = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("load-websocket", true),
                NioIoHandler.newFactory());
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                                new WebSocketClientProtocolHandler(uri, WebSocketVersion.V13, null, false,
                                        io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE, 65536),
                                new EchoHandler());
                    }
                });
        for (int i = 0; i < connections; i++) {
            channels.add(bootstrap.connect(uri.getHost(), uri.getPort()).sync().channel());
        }
    }

    /** Opens {@code connections} sessions to {@code ws://host:port/path}; each starts its loop once upgraded. */
    public static WebSocketEchoLoad start(String host, int port, String path, int connections, int ioThreads)
            throws InterruptedException {
        return new WebSocketEchoLoad(URI.create("ws://" + host + ":" + port + path), connections, ioThreads);
    }

    @Override
    public LoadSample measure(Duration window) throws InterruptedException {
        long startNanos = System.nanoTime();
        recorder.getIntervalHistogram();
        long ok0 = ok.sum();
        long errors0 = errors.sum();
        TimeUnit.NANOSECONDS.sleep(window.toNanos());
        Histogram latencies = recorder.getIntervalHistogram();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return new LoadSample("java-websocket", ok.sum() - ok0, 0, errors.sum() - errors0, seconds,
                LatencySummary.ofMicros(latencies));
    }

    @Override
    public int connections() {
        return connections;
    }

    @Override
    public long answers() {
        return ok.sum() + errors.sum();
    }

    @Override
    public void close() {
        stopped = true;
        for (Channel channel : channels) {
            channel.close().awaitUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
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
            recorder.recordValue(Math.min(TimeUnit.MINUTES.toMicros(2), (System.nanoTime() - sentNanos) / 1000));
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
