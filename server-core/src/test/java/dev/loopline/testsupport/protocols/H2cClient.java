package dev.loopline.testsupport.protocols;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * HTTP/2 with prior knowledge (h2c) on one connection, on Netty's frame codec and multiplexer: each request is a
 * stream of its own, so many can be in flight at once. It records what happened to the connection (the server's
 * SETTINGS, a GOAWAY, an HTTP/1.1 answer to the preface) so that a test can assert the connection's fate, and it
 * does not police the server's header-list limit on what it sends: the server must. Every buffer it receives is
 * released (the leak detector runs at paranoid).
 */
public final class H2cClient implements ProtocolClient {

    /** One client loop for the whole test JVM: daemon, so it never holds the JVM up. */
    private static final EventLoopGroup LOOP = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("h2c-test-client", true), NioIoHandler.newFactory());

    /** A GOAWAY the server sent. */
    public record GoAway(long errorCode, int lastStreamId) {
    }

    private final Channel channel;
    private final String authority;
    private final Http2FrameCodec codec;
    private volatile GoAway goAway;            // written on the client loop
    private volatile Http2Settings settings;   // the server's first SETTINGS
    private volatile String http1Answer;       // the server's answer when it took the preface for HTTP/1.1
    private volatile Throwable failure;        // what ended the connection, if anything did

    private H2cClient(Channel channel, String authority, Http2FrameCodec codec) {
        this.channel = channel;
        this.authority = authority;
        this.codec = codec;
    }

    /** Connects to 127.0.0.1:{@code port} and sends the connection preface. */
    public static H2cClient connect(int port) throws IOException {
        Http2FrameCodec codec = Http2FrameCodecBuilder.forClient()
                .initialSettings(Http2Settings.defaultSettings().pushEnabled(false)).build();
        H2cClient[] self = new H2cClient[1];
        ChannelFuture registered = new Bootstrap().group(LOOP).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new Http1AnswerSniffer(() -> self[0]), codec,
                                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
                                new ConnectionEvents(() -> self[0]));
                    }
                }).register();
        // known to the handlers before the first byte can arrive
        self[0] = new H2cClient(registered.channel(), "127.0.0.1:" + port, codec);
        ChannelFuture connected = registered.awaitUninterruptibly(SAFETY_NET_SECONDS, TimeUnit.SECONDS)
                && registered.isSuccess() ? registered.channel().connect(new InetSocketAddress("127.0.0.1", port))
                : registered;
        if (!connected.awaitUninterruptibly(SAFETY_NET_SECONDS, TimeUnit.SECONDS) || !connected.isSuccess()) {
            connected.channel().close();
            throw new IOException("cannot connect to 127.0.0.1:" + port, connected.cause());
        }
        return self[0];
    }

    @Override
    public Protocol protocol() {
        return Protocol.H2C;
    }

    @Override
    public CompletableFuture<WireResponse> sendAsync(WireRequest request) {
        H2cExchange exchange = new H2cExchange(this, request);
        new Http2StreamChannelBootstrap(channel).handler(exchange).open().addListener(opened -> {
            if (!opened.isSuccess()) {
                exchange.fail("cannot open a stream", opened.cause());
                return;
            }
            write((Http2StreamChannel) opened.getNow(), request, exchange);
        });
        return exchange.result();
    }

    private void write(Http2StreamChannel stream, WireRequest request, H2cExchange exchange) {
        Http2Headers headers = new DefaultHttp2Headers().method(request.method()).path(request.target())
                .scheme("http").authority(authority);
        for (String[] field : request.headers()) {
            headers.add(field[0], field[1]);
        }
        if (request.hasKnownLength()) {
            headers.set("content-length", Long.toString(request.bodyLength()));
        }
        ChannelFuture last = stream.write(new DefaultHttp2HeadersFrame(headers, !request.hasBody()));
        List<byte[]> parts = request.bodyParts();
        for (int i = 0; i < parts.size(); i++) {
            last = stream.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(parts.get(i)), i == parts.size() - 1));
        }
        stream.flush();
        last.addListener(written -> {
            if (!written.isSuccess()) {
                exchange.fail("the request could not be written", written.cause());
            }
        });
    }

    /** The GOAWAY the server sent, if it sent one. */
    public Optional<GoAway> goAway() {
        return Optional.ofNullable(goAway);
    }

    /** The server's SETTINGS, once they have arrived. */
    public Optional<Http2Settings> serverSettings() {
        return Optional.ofNullable(settings);
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /** Waits (within the safety net) for the server to close the connection; true if it did. */
    public boolean awaitClosed() {
        return channel.closeFuture().awaitUninterruptibly(SAFETY_NET_SECONDS, TimeUnit.SECONDS);
    }

    /** What is known about the connection, for failure messages. */
    String describeConnection() {
        StringBuilder text = new StringBuilder(channel.isActive() ? "connection open" : "connection closed");
        if (http1Answer != null) {
            text.append("; the server answered the preface in HTTP/1.x, so it does not speak h2c: ").append(http1Answer);
        }
        if (goAway != null) {
            text.append("; ").append(goAway);
        }
        if (failure != null) {
            text.append("; ").append(failure);
        }
        return text.toString();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(SAFETY_NET_SECONDS, TimeUnit.SECONDS);
    }

    /** Before the codec: notices an HTTP/1.x answer to the preface (a server without h2c) and says so. */
    private static final class Http1AnswerSniffer extends ChannelInboundHandlerAdapter {
        private final Supplier<H2cClient> client;

        Http1AnswerSniffer(Supplier<H2cClient> client) {
            this.client = client;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.pipeline().remove(this);
            if (msg instanceof ByteBuf) {
                ByteBuf bytes = (ByteBuf) msg;
                String start = bytes.toString(bytes.readerIndex(), Math.min(bytes.readableBytes(), 200),
                        StandardCharsets.ISO_8859_1);
                if (start.startsWith("HTTP/1.")) {
                    client.get().http1Answer = start.split("\r\n", 2)[0];
                    bytes.release();
                    ctx.close();
                    return;
                }
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** After the multiplexer: connection-level frames (SETTINGS, GOAWAY, PING...) and failures. */
    private static final class ConnectionEvents extends ChannelInboundHandlerAdapter {
        private final Supplier<H2cClient> client;

        ConnectionEvents(Supplier<H2cClient> client) {
            this.client = client;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            try {
                H2cClient self = client.get();
                if (msg instanceof Http2GoAwayFrame) {
                    Http2GoAwayFrame frame = (Http2GoAwayFrame) msg;
                    self.goAway = new GoAway(frame.errorCode(), frame.lastStreamId());
                } else if (msg instanceof Http2SettingsFrame && self.settings == null) {
                    self.settings = ((Http2SettingsFrame) msg).settings();
                    // the server enforces its header-list limit; this client does not do it for the server
                    self.codec.encoder().configuration().headersConfiguration()
                            .maxHeaderListSize(Http2CodecUtil.MAX_HEADER_LIST_SIZE);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            client.get().failure = cause;
            ctx.close();
        }
    }
}
