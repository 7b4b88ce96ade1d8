package dev.loopline.loadtest.driver;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;

/**
 * The Java driver over TLS, on Netty with the OpenSSL engine (BoringSSL; the JDK's when it is missing), HTTP/1.1
 * offered by ALPN, closed loop on N lanes. Two shapes:
 * <ul>
 *   <li>keep-alive: one TLS connection per lane, the next request when the answer is in (tls-plaintext);
 *   <li>handshakes: every request on a new connection, {@code Connection: close}, and a full handshake each time:
 *       the client keeps no session (no peer host is given to the engine, so nothing is resumed), which wrk
 *       would not guarantee (it keeps the SSL object, and with it the session, across reconnects). The latency
 *       is from the connect to the last byte of the answer (tls-handshakes).
 * </ul>
 */
public final class TlsLoad implements RunningLoad {

    private static final long RETRY_AFTER_ERROR_MILLIS = 10;

    private final boolean newConnectionPerRequest;
    private final String driver;
    private final MultiThreadIoEventLoopGroup group;
    private final Bootstrap bootstrap;
    private final SslContext ssl;
    private final String host;
    private final int port;
    private final String path;
    private final int connections;
    private final AnswerCounts counts = new AnswerCounts();
    private final LongAdder ok = counts.ok;
    private final LongAdder non200 = counts.non200;
    private final LongAdder errors = counts.errors;
    /** Open connections (a closed one leaves by itself), closed before the loops stop so no write is left queued. */
    private final ChannelGroup open = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private volatile boolean stopped;

    private TlsLoad(String host, int port, String path, int connections, int ioThreads, boolean newConnectionPerRequest)
            throws SSLException {
        this.host = host;
        this.port = port;
        this.path = path;
        this.connections = connections;
        this.newConnectionPerRequest = newConnectionPerRequest;
        boolean openSsl = OpenSsl.isAvailable();
        this.driver = "java-tls-" + (openSsl ? "openssl" : "jdk") + (newConnectionPerRequest ? "-handshakes" : "");
        this.ssl = SslContextBuilder.forClient()
                .sslProvider(openSsl ? SslProvider.OPENSSL : SslProvider.JDK)
                .trustManager(InsecureTrustManagerFactory.INSTANCE) // the bench's self-signed certificate
                .protocols("TLSv1.3", "TLSv1.2")
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        List.of(ApplicationProtocolNames.HTTP_1_1)))
                .build();
        this.group = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("load-" + driver, true),
                NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        for (int i = 0; i < connections; i++) {
            connect();
        }
    }

    /** Keep-alive TLS connections, a closed loop of {@code path} on each. */
    public static TlsLoad keepAlive(String host, int port, String path, int connections, int ioThreads)
            throws SSLException {
        return new TlsLoad(host, port, path, connections, ioThreads, false);
    }

    /** A new TLS connection (full handshake) for every request. */
    public static TlsLoad handshakes(String host, int port, String path, int connections, int ioThreads)
            throws SSLException {
        return new TlsLoad(host, port, path, connections, ioThreads, true);
    }

    private void connect() {
        if (stopped) {
            return;
        }
        long startNanos = System.nanoTime();
        bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                open.add(channel);
                // No peer host and port: the engine has no key to find a session under, so none is resumed.
                channel.pipeline().addLast(ssl.newHandler(channel.alloc()), new HttpClientCodec(),
                        new Lane(startNanos));
            }
        }).connect(host, port).addListener(connected -> {
            if (!connected.isSuccess()) {
                failedLane();
            }
        });
    }

    /** A lane lost its connection or request: count it, and start it again a little later. */
    private void failedLane() {
        if (stopped) {
            return;
        }
        errors.increment();
        group.next().schedule(this::connect, RETRY_AFTER_ERROR_MILLIS, TimeUnit.MILLISECONDS);
    }

    private FullHttpRequest request() {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path,
                Unpooled.EMPTY_BUFFER);
        request.headers().set(HttpHeaderNames.HOST, host + ":" + port);
        if (newConnectionPerRequest) {
            request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return request;
    }

    /** One connection's exchanges; its fields belong to the connection's loop. */
    private final class Lane extends SimpleChannelInboundHandler<HttpObject> {
        private long sentNanos;
        private int status;
        private boolean answered;

        Lane(long connectNanos) {
            this.sentNanos = connectNanos;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(request()); // the SslHandler holds it until the handshake is done
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) {
            if (message instanceof HttpResponse) {
                status = ((HttpResponse) message).status().code();
            }
            if (message instanceof LastHttpContent) {
                counts.recordLatency(sentNanos);
                (status == 200 ? ok : non200).increment();
                if (newConnectionPerRequest) {
                    answered = true;
                    ctx.close();
                    connect();
                } else if (!stopped) {
                    sentNanos = System.nanoTime();
                    ctx.writeAndFlush(request());
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!answered) {
                failedLane(); // closed before its answer (or, keep-alive, at all): a failure, then a new lane
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // channelInactive counts it
        }
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
        // A request written during a handshake waits in the SslHandler: closing the channel releases it.
        open.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
