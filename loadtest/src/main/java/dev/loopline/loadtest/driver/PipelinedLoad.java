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
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The Java driver's pipelined load, on plain Netty because AsyncHttpClient does not pipeline: each connection
 * writes {@code depth} requests in one go and sends the next batch when all answers are in. Latency is per
 * batch, as wrk reports it with a pipelining script.
 */
public final class PipelinedLoad implements RunningLoad {

    private final MultiThreadIoEventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();
    private final ByteBuf batch;
    private final int depth;
    private final int connections;
    private final Recorder recorder = new Recorder(TimeUnit.MINUTES.toMicros(2), 3);
    private final LongAdder ok = new LongAdder();
    private final LongAdder non200 = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private volatile boolean stopped;

    private PipelinedLoad(String host, int port, String path, int connections, int depth, int ioThreads)
            throws InterruptedException {
        this.depth = depth;
        this.connections = connections;
        String one = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n";
        this.batch = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(one.repeat(depth), StandardCharsets.US_ASCII));
        this.group = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("load-pipelined", true),
                NioIoHandler.newFactory());
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new HttpResponseDecoder(), new BatchHandler());
                    }
                });
        for (int i = 0; i < connections; i++) {
            channels.add(bootstrap.connect(host, port).sync().channel());
        }
    }

    public static PipelinedLoad start(String host, int port, String path, int connections, int depth, int ioThreads)
            throws InterruptedException {
        return new PipelinedLoad(host, port, path, connections, depth, ioThreads);
    }

    @Override
    public LoadSample measure(Duration window) throws InterruptedException {
        long startNanos = System.nanoTime();
        recorder.getIntervalHistogram();
        long ok0 = ok.sum();
        long non2000 = non200.sum();
        long errors0 = errors.sum();
        TimeUnit.NANOSECONDS.sleep(window.toNanos());
        Histogram latencies = recorder.getIntervalHistogram();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return new LoadSample("java-pipelined", ok.sum() - ok0, non200.sum() - non2000, errors.sum() - errors0,
                seconds, LatencySummary.ofMicros(latencies));
    }

    @Override
    public int connections() {
        return connections;
    }

    @Override
    public long answers() {
        return (ok.sum() + non200.sum() + errors.sum()) / depth;
    }

    @Override
    public void close() {
        stopped = true;
        for (Channel channel : channels) {
            channel.close().awaitUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Counts one batch's answers on the connection's loop; all its state belongs to that loop. */
    private final class BatchHandler extends SimpleChannelInboundHandler<HttpObject> {
        private int answered;
        private int status;
        private long sentNanos;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            sendBatch(ctx);
        }

        private void sendBatch(ChannelHandlerContext ctx) {
            if (stopped) {
                return;
            }
            answered = 0;
            sentNanos = System.nanoTime();
            ctx.writeAndFlush(batch.duplicate());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) {
            if (message instanceof HttpResponse) {
                status = ((HttpResponse) message).status().code();
            }
            if (message instanceof LastHttpContent) {
                (status == 200 ? ok : non200).increment();
                if (++answered == depth) {
                    recorder.recordValue(Math.min(TimeUnit.MINUTES.toMicros(2),
                            (System.nanoTime() - sentNanos) / 1000));
                    sendBatch(ctx);
                }
            }
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
