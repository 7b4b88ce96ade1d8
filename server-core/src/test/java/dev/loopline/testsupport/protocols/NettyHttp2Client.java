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
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * HTTP/2 on one connection, with prior knowledge (h2c) or by ALPN over TLS (h2), on Netty's frame codec and
 * multiplexer: each request is a stream of its own, so many can be in flight at once. It records what happened to the connection (the server's
 * SETTINGS, a GOAWAY, an HTTP/1.1 answer to the preface) so that a test can assert the connection's fate, and it
 * does not police the server's header-list limit on what it sends: the server must. Every buffer it receives is
 * released (the leak detector runs at paranoid).
 */
public final class NettyHttp2Client implements ProtocolClient {

    /** One client loop for the whole test JVM: daemon, so it never holds the JVM up. */
    private static final EventLoopGroup LOOP = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("http2-test-client", true), NioIoHandler.newFactory());

    /** A GOAWAY the server sent. */
    public record GoAway(long errorCode, int lastStreamId) {
    }

    private final Channel channel;
    private final String authority;
    private final Http2FrameCodec codec;
    private final SslHandler tls;              // null for h2c
    private volatile GoAway goAway;            // written on the client loop
    private volatile Http2Settings settings;   // the server's first SETTINGS
    private volatile String http1Answer;       // the server's answer when it took the preface for HTTP/1.1
    private volatile Throwable failure;        // what ended the connection, if anything did

    private NettyHttp2Client(Channel channel, String authority, Http2FrameCodec codec, SslHandler tls) {
        this.channel = channel;
        this.authority = authority;
        this.codec = codec;
        this.tls = tls;
    }

    /** h2c: connects to 127.0.0.1:{@code port} and sends the connection preface (prior knowledge). */
    public static NettyHttp2Client connect(int port) throws IOException {
        return open(port, null);
    }

    /** h2: connects to 127.0.0.1:{@code port} over TLS trusting {@code caCertificate} (PEM), offering only h2. */
    public static NettyHttp2Client connectTls(int port, Path caCertificate) throws IOException {
        SslContext context = SslContextBuilder.forClient().trustManager(caCertificate.toFile())
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
                .build();
        NettyHttp2Client client = open(port, context);
        io.netty.util.concurrent.Future<Channel> handshake = client.tls.handshakeFuture();
        if (!handshake.awaitUninterruptibly(SAFETY_NET_SECONDS, TimeUnit.SECONDS) || !handshake.isSuccess()
                || !ApplicationProtocolNames.HTTP_2.equals(client.tls.applicationProtocol())) {
            client.close();
            throw new IOException("no h2 by ALPN with 127.0.0.1:" + port + " (chosen: " + client.tls.applicationProtocol()
                    + ")", handshake.cause());
        }
        return client;
    }

    private static NettyHttp2Client open(int port, SslContext tls) throws IOException {
        Http2FrameCodec codec = Http2FrameCodecBuilder.forClient()
                .initialSettings(Http2Settings.defaultSettings().pushEnabled(false)).build();
        NettyHttp2Client[] self = new NettyHttp2Client[1];
        SslHandler[] tlsHandler = new SslHandler[1];
        ChannelFuture registered = new Bootstrap().group(LOOP).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (tls != null) {
                            tlsHandler[0] = tls.newHandler(channel.alloc(), "127.0.0.1", port);
                            channel.pipeline().addLast(tlsHandler[0]);
                        }
                        channel.pipeline().addLast(new Http1AnswerSniffer(() -> self[0]), codec,
                                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
                                new ConnectionEvents(() -> self[0]));
                    }
                }).register();
        boolean isRegistered = registered.awaitUninterruptibly(SAFETY_NET_SECONDS, TimeUnit.SECONDS)
                && registered.isSuccess();
        // known to the handlers before the first byte can arrive
        self[0] = new NettyHttp2Client(registered.channel(), "127.0.0.1:" + port, codec, tlsHandler[0]);
        ChannelFuture connected = isRegistered
                ? registered.channel().connect(new InetSocketAddress("127.0.0.1", port)) : registered;
        if (!connected.awaitUninterruptibly(SAFETY_NET_SECONDS, TimeUnit.SECONDS) || !connected.isSuccess()) {
            connected.channel().close();
            throw new IOException("cannot connect to 127.0.0.1:" + port, connected.cause());
        }
        return self[0];
    }

    @Override
    public Protocol protocol() {
        return tls == null ? Protocol.H2C : Protocol.H2;
    }

    @Override
    public CompletableFuture<WireResponse> sendAsync(WireRequest request) {
        NettyHttp2Exchange exchange = new NettyHttp2Exchange(this, request);
        new Http2StreamChannelBootstrap(channel).handler(exchange).open().addListener(opened -> {
            if (!opened.isSuccess()) {
                exchange.fail("cannot open a stream", opened.cause());
                return;
            }
            write((Http2StreamChannel) opened.getNow(), request, exchange);
        });
        return exchange.result();
    }

    private void write(Http2StreamChannel stream, WireRequest request, NettyHttp2Exchange exchange) {
        Http2Headers headers = new DefaultHttp2Headers().method(request.method()).path(request.target())
                .scheme(tls == null ? "http" : "https").authority(authority);
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
        private final Supplier<NettyHttp2Client> client;

        Http1AnswerSniffer(Supplier<NettyHttp2Client> client) {
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
        private final Supplier<NettyHttp2Client> client;

        ConnectionEvents(Supplier<NettyHttp2Client> client) {
            this.client = client;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            try {
                NettyHttp2Client self = client.get();
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
