package dev.loopline.loadtest.servers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@code netty-raw}, the ceiling: Netty's {@code HttpServerCodec} and a hand-written handler, nothing else. Same
 * transport order as Loopline (io_uring, then epoll, then NIO), one loop per core, a CPU pool of one thread per core.
 * Like Loopline's port, the cleartext port also speaks h2c with prior knowledge, and a TLS port picks h2 or
 * http/1.1 by ALPN ({@link NettyRawProtocols}); HTTP/2 is {@link NettyRawHttp2Handler}.
 */
final class NettyRawServer implements RunningServer {

    private final MultiThreadIoEventLoopGroup loops;
    private final ExecutorService cpuPool;
    private final Channel listener;
    private final String transport;
    private final int loopCount;
    private final BenchTls tls;

    private NettyRawServer(int port, BenchTls tls) throws Exception {
        this.tls = tls;
        SslContext sslContext = tls == null ? null : tls.nettyServerContext();
        int cores = Runtime.getRuntime().availableProcessors();
        loopCount = cores;
        IoHandlerFactory ioHandlers;
        Class<? extends ServerChannel> serverChannel;
        if (ioUringAvailable()) {
            transport = "IO_URING";
            ioHandlers = IoUringIoHandler.newFactory();
            serverChannel = IoUringServerSocketChannel.class;
        } else if (Epoll.isAvailable()) {
            transport = "EPOLL";
            ioHandlers = EpollIoHandler.newFactory();
            serverChannel = EpollServerSocketChannel.class;
        } else {
            transport = "NIO";
            ioHandlers = NioIoHandler.newFactory();
            serverChannel = NioServerSocketChannel.class;
        }
        loops = new MultiThreadIoEventLoopGroup(cores, new DefaultThreadFactory("netty-raw-loop"), ioHandlers);
        cpuPool = Executors.newFixedThreadPool(cores, new DefaultThreadFactory("netty-raw-cpu", true));
        NettyRawResponses responses = new NettyRawResponses(loops.next());
        listener = new ServerBootstrap()
                .group(loops)
                .channel(serverChannel)
                .option(ChannelOption.SO_BACKLOG, BenchLimits.BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (sslContext == null) {
                            channel.pipeline().addLast(new NettyRawProtocols.PrefaceDetector(responses, cpuPool));
                        } else {
                            channel.pipeline().addLast(sslContext.newHandler(channel.alloc()),
                                    new NettyRawProtocols.AlpnChooser(responses, cpuPool));
                        }
                    }
                })
                .bind(BenchLimits.HOST, port).sync().channel();
    }

    static RunningServer start(int port, BenchTls tls) throws Exception {
        return new NettyRawServer(port, tls);
    }

    private static boolean ioUringAvailable() {
        try {
            return IoUring.isAvailable();
        } catch (LinkageError unavailable) { // native library for another platform
            return false;
        }
    }

    @Override
    public int port() {
        return ((java.net.InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public String details() {
        return "transport=" + transport + " eventLoops=" + loopCount + " cpuThreads=" + loopCount
                + (tls == null ? " h1+h2c" : " tls=" + tls.engine().label() + " alpn=h2,http/1.1");
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        cpuPool.shutdownNow();
    }
}
