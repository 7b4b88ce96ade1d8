package dev.loopline.loadtest.driver;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * A closed loop of large responses that measures their time to first byte: each connection sends {@code GET target},
 * records the latency when the response's head arrives, reads the body to its end (without keeping it), counts the
 * response and sends the next. So the latency columns are time to first byte, the req/s column whole responses.
 */
public final class FirstByteLoad extends NettyLoad {

    private FirstByteLoad(String host, int port, String target, int connections, int ioThreads)
            throws InterruptedException {
        super("java-ttfb", connections, ioThreads);
        connectHttp(host, port, () -> new Exchange(host, target));
    }

    /** Opens {@code connections} connections to {@code http://host:port}, each asking for {@code target} in a loop. */
    public static FirstByteLoad start(String host, int port, String target, int connections, int ioThreads)
            throws InterruptedException {
        return new FirstByteLoad(host, port, target, connections, ioThreads);
    }

    /** One connection's loop. */
    private final class Exchange extends ChannelInboundHandlerAdapter {
        private final String host;
        private final String target;
        private long sentNanos;

        Exchange(String host, String target) {
            this.host = host;
            this.target = target;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            send(ctx);
            ctx.fireChannelActive();
        }

        private void send(ChannelHandlerContext ctx) {
            if (stopped) {
                return;
            }
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target);
            request.headers().set(HttpHeaderNames.HOST, host);
            sentNanos = System.nanoTime();
            ctx.writeAndFlush(request);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            try {
                if (message instanceof HttpResponse) {
                    if (((HttpResponse) message).status().code() == 200) {
                        recordLatency(sentNanos); // the head: the first byte of the response
                    } else {
                        non200.increment();
                    }
                }
                if (message instanceof LastHttpContent) {
                    ok.increment();
                    send(ctx);
                }
            } finally {
                ReferenceCountUtil.release(message);
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
