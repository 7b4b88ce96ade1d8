package dev.loopline.loadtest.driver;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * Server-sent events fan-out on plain Netty: N connections each open {@code GET path} and read the event stream; every
 * event received is one answer, and its latency runs from the {@code System.nanoTime()} the server put in its data
 * (the broadcast) to its arrival, which one machine's processes share. Nothing is sent after the request: the server
 * sets the pace.
 */
public final class EventStreamLoad extends NettyLoad {

    private EventStreamLoad(String host, int port, String path, int connections, int ioThreads)
            throws InterruptedException {
        super("java-sse", connections, ioThreads);
        connectHttp(host, port, () -> new EventReader(host, path));
    }

    /** Opens {@code connections} event streams on {@code http://host:port/path}. */
    public static EventStreamLoad start(String host, int port, String path, int connections, int ioThreads)
            throws InterruptedException {
        return new EventStreamLoad(host, port, path, connections, ioThreads);
    }

    /** One stream: sends the request, then splits the body into lines and counts each {@code data:} line. */
    private final class EventReader extends ChannelInboundHandlerAdapter {
        private final String host;
        private final String path;
        private final StringBuilder line = new StringBuilder(128);

        EventReader(String host, String path) {
            this.host = host;
            this.path = path;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
            request.headers().set(HttpHeaderNames.HOST, host).set(HttpHeaderNames.ACCEPT, "text/event-stream");
            ctx.writeAndFlush(request);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            try {
                if (message instanceof HttpResponse && ((HttpResponse) message).status().code() != 200) {
                    non200.increment();
                    ctx.close();
                    return;
                }
                if (message instanceof HttpContent) {
                    read(((HttpContent) message).content());
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }

        private void read(ByteBuf bytes) {
            String text = bytes.toString(StandardCharsets.ISO_8859_1); // one copy per read, not a call per byte
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c != '\n') {
                    line.append(c);
                    continue;
                }
                if (line.length() > 6 && line.charAt(0) == 'd' && line.indexOf("data: ") == 0) {
                    int end = line.indexOf(" ", 6);
                    try {
                        long sentNanos = Long.parseLong(line, 6, end < 0 ? line.length() : end, 10);
                        ok.increment();
                        recordLatency(sentNanos);
                    } catch (NumberFormatException notOurs) {
                        errors.increment();
                    }
                }
                line.setLength(0);
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
