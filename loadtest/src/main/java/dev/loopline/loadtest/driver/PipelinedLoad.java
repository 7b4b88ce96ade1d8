package dev.loopline.loadtest.driver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;

/**
 * The Java driver's pipelined load, on plain Netty because AsyncHttpClient does not pipeline: each connection
 * writes {@code depth} requests in one go and sends the next batch when all answers are in. Latency is per
 * batch, as wrk reports it with a pipelining script.
 */
public final class PipelinedLoad extends NettyLoad {

    private final ByteBuf batch;
    private final int depth;

    private PipelinedLoad(String host, int port, String path, int connections, int depth, int ioThreads)
            throws InterruptedException {
        super("java-pipelined", connections, ioThreads);
        this.depth = depth;
        String one = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n";
        this.batch = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(one.repeat(depth), StandardCharsets.US_ASCII));
        connect(host, port, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline().addLast(new HttpResponseDecoder(), new BatchHandler());
            }
        });
    }

    public static PipelinedLoad start(String host, int port, String path, int connections, int depth, int ioThreads)
            throws InterruptedException {
        return new PipelinedLoad(host, port, path, connections, depth, ioThreads);
    }

    @Override
    public long answers() {
        return super.answers() / depth;
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
                    recordLatency(sentNanos);
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
