package dev.loopline.loadtest.driver;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The Java driver's loads on plain Netty (where AsyncHttpClient cannot go: pipelining, WebSocket): N connections on
 * a few NIO loops, answers and latencies counted by their handlers, one measured window per {@link #measure} call.
 */
abstract class NettyLoad implements RunningLoad {


    private final String driver;
    private final MultiThreadIoEventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();
    private final int connections;
    private final AnswerCounts counts = new AnswerCounts();
    final LongAdder ok = counts.ok;
    final LongAdder non200 = counts.non200;
    final LongAdder errors = counts.errors;
    volatile boolean stopped;

    NettyLoad(String driver, int connections, int ioThreads) {
        this.driver = driver;
        this.connections = connections;
        this.group = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("load-" + driver, true),
                NioIoHandler.newFactory());
    }

    /** Opens the connections, each with {@code handler} (a channel initializer). */
    final void connect(String host, int port, ChannelHandler handler) throws InterruptedException {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true).handler(handler);
        for (int i = 0; i < connections; i++) {
            channels.add(bootstrap.connect(host, port).sync().channel());
        }
    }

    /** Opens the connections as HTTP/1.1 clients: each gets Netty's client codec and then its own {@code handler}. */
    final void connectHttp(String host, int port, Supplier<ChannelHandler> handler) throws InterruptedException {
        connect(host, port, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline().addLast(new HttpClientCodec(), handler.get());
            }
        });
    }

    /** One answer's latency, from {@code sentNanos}. */
    final void recordLatency(long sentNanos) {
        counts.recordLatency(sentNanos);
    }

    @Override
    public LoadSample measure(Duration window) throws InterruptedException {
        return counts.measure(driver, window);
    }

    @Override
    public int connections() {
        return connections;
    }

    @Override
    public long answers() {
        return counts.answers();
    }

    @Override
    public void close() {
        stopped = true;
        for (Channel channel : channels) {
            channel.close().awaitUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
