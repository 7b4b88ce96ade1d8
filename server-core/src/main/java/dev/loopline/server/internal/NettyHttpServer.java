package dev.loopline.server.internal;

import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.RouteLoopTime;
import dev.loopline.server.ServerStats;
import dev.loopline.server.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bootstraps the event loops and listeners, and runs the graceful shutdown. */
public final class NettyHttpServer implements HttpServer {

    private static final Logger log = LoggerFactory.getLogger(Loggers.SERVER);

    private final ServerConfig config;
    private final Transport transport;
    private final MultiThreadIoEventLoopGroup loops;
    private final List<LoopMonitor> monitors;
    private final ServerRuntime runtime;
    private final OffloadExecutors offload;
    private final LoopGuard guard; // null when the guard is switched off
    private final TlsState tls; // null on a cleartext port
    private final List<Channel> listeners = new ArrayList<>();
    private InetSocketAddress address;
    private boolean closed; // guarded by this
    private Thread shutdownHook; // installed at start unless the config says not to; guarded by this

    private NettyHttpServer(ServerConfig config, Handler handler, Transports.Choice choice, TlsState tls) {
        this.config = config;
        this.tls = tls;
        this.transport = choice.transport();
        int loopCount = config.effectiveEventLoops();
        this.loops = new MultiThreadIoEventLoopGroup(loopCount, loopThreads(), choice.ioHandlerFactory());
        this.monitors = new ArrayList<>(loopCount);
        for (EventExecutor loop : loops) {
            LoopMonitor monitor = new LoopMonitor((EventLoop) loop);
            // Starts the loop thread now (not on the first request) and lets the guard know it from the start.
            loop.submit(() -> monitor.thread = Thread.currentThread()).syncUninterruptibly();
            monitors.add(monitor);
        }
        this.offload = new OffloadExecutors(config);
        this.runtime = new ServerRuntime(config, handler, new ResponseWriter(new DateHeader(), config.serverName()),
                offload, monitors);
        // the guard's thread also checks the loop budget: it runs when either is on
        this.guard = config.loopGuardThreshold().isZero() && config.loopBudget().isZero() ? null
                : new LoopGuard(monitors, config.loopGuardThreshold(), runtime.budget);
        try {
            bind(choice, loopCount);
        } catch (RuntimeException e) {
            stopEverything();
            throw e;
        }
        if (guard != null) {
            guard.start();
        }
        if (tls != null) {
            tls.watch();
        }
    }

    public static HttpServer start(ServerConfig config, Handler handler) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(handler, "handler");
        long started = System.nanoTime();
        // The native transport loads on another thread while this one warms the allocator (start-up time).
        Transports.Detection transport = Transports.chooseInBackground(config.transport());
        // A bad key or certificate fails here, before any thread or socket exists.
        TlsState tls = config.tls() == null ? null : TlsState.load(config.tls(), config.http2().enabled());
        warmUpAllocator();
        OffloadExecutors.warmUp();
        NettyHttpServer server = new NettyHttpServer(config, handler, transport.get(), tls);
        if (config.shutdownHook()) {
            server.installShutdownHook();
        }
        log.debug("Loopline config: {}", config); // DEBUG: every effective value, one (long) line
        log.info("Loopline listening on {}://{}:{} ({}{} transport, {} event loop{}, {} listener{}, blocking offload "
                        + "on {}, started in {} ms)", tls == null ? "http" : "https", config.host(),
                server.address.getPort(), tls == null ? "" : "TLS on " + tls.engine() + ", ", server.transport,
                server.eventLoops(), server.eventLoops() == 1 ? "" : "s", server.listeners.size(),
                server.listeners.size() == 1 ? "" : "s", OffloadExecutors.blockingKind(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return server;
    }

    private void bind(Transports.Choice choice, int loopCount) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops)
                .channel(choice.serverChannel())
                .option(ChannelOption.SO_BACKLOG, config.backlog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // End of input reaches the dispatcher as an event, so it can send what it has written (see there).
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.writeBufferLowWaterMark(), config.writeBufferHighWaterMark()))
                .childHandler(new HttpPipeline(runtime, tls));
        int listenerCount = 1;
        if (config.reusePort() && choice.supportsReusePort() && loopCount > 1) {
            bootstrap.option(choice.reusePortOption(), true);
            listenerCount = loopCount; // one listener per loop; the kernel spreads new connections
        }
        InetSocketAddress wanted = new InetSocketAddress(config.host(), config.port());
        for (int i = 0; i < listenerCount; i++) {
            Channel listener = bindOne(bootstrap, wanted);
            listeners.add(listener);
            if (i == 0) {
                address = (InetSocketAddress) listener.localAddress();
                wanted = new InetSocketAddress(config.host(), address.getPort());
            }
        }
    }

    private static Channel bindOne(ServerBootstrap bootstrap, InetSocketAddress wanted) {
        io.netty.channel.ChannelFuture bound = bootstrap.bind(wanted).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            BindException failure = new BindException("cannot listen on " + wanted.getHostString() + ":"
                    + wanted.getPort() + ": " + cause.getMessage());
            failure.initCause(cause);
            throw new UncheckedIOException(failure);
        }
        return bound.channel();
    }

    @Override
    public int port() {
        return address.getPort();
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public int eventLoops() {
        return monitors.size();
    }

    @Override
    public ServerConfig config() {
        return config;
    }

    @Override
    public List<RouteLoopTime> routeLoopTimes() {
        return runtime.budget.sinceStart();
    }

    @Override
    public ServerStats stats() {
        return runtime.stats();
    }

    /**
     * On SIGTERM (or any JVM exit), closes the server gracefully, as {@link #close()} does. The JVM runs all shutdown
     * hooks at once: an application's own hook that releases what handlers use (a connection pool) calls
     * {@code server.close()} first, which waits for this drain to finish.
     */
    private synchronized void installShutdownHook() {
        shutdownHook = new Thread(() -> {
            log.info("JVM shutdown (SIGTERM?): closing Loopline on port {} gracefully", address.getPort());
            close();
        }, "loopline-shutdown-" + address.getPort());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private void removeShutdownHook() {
        if (shutdownHook == null || Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmShuttingDown) {
            // close() runs in another hook during JVM shutdown: ours then finds the server closed and returns
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        removeShutdownHook();
        long started = System.nanoTime();
        long finishedBefore = runtime.requestsFinished();
        runtime.beginShutdown(); // 1. readiness answers 503; everything else goes on
        if (!config.drainDelay().isZero()) {
            log.info("Shutting down: readiness is 503; serving {} ms more so that load balancers stop sending "
                    + "traffic first", config.drainDelay().toMillis());
            sleep(config.drainDelay().toMillis());
        }
        long deadline = System.nanoTime() + config.shutdownGracePeriod().toNanos();
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly(); // 2. stop accepting
        }
        runtime.startDrain(); // 3. finish what has arrived; the last responses say Connection: close
        while (runtime.connectionCount() > 0 && System.nanoTime() < deadline) { // 4. up to the grace period
            sleep(5);
        }
        int unfinished = runtime.connectionCount();
        long drained = runtime.requestsFinished() - finishedBefore;
        long cutOff = unfinished == 0 ? 0 : runtime.requestsInFlight();
        if (unfinished > 0) {
            log.warn("Shutdown grace period of {} ms is over: closing {} connection(s) with {} request(s) in flight",
                    config.shutdownGracePeriod().toMillis(), unfinished, runtime.requestsInFlight());
        }
        runtime.closeAll(); // 5. close what is left
        offload.shutdown(java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))
                .plusMillis(100));
        stopEverything();
        log.info("Loopline on port {} stopped in {} ms: {} request(s) drained, {} cut off by the grace period",
                address.getPort(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                drained, cutOff);
    }

    private void stopEverything() {
        if (guard != null) {
            guard.stop();
        }
        if (tls != null) {
            tls.close();
        }
        loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * The allocator's first chunk initialises JFR event metadata, which takes 100+ ms: do it here, not on the
     * first request's loop (where the loop guard would rightly report it).
     */
    private static void warmUpAllocator() {
        ByteBufAllocator.DEFAULT.directBuffer(256).release();
        ByteBufAllocator.DEFAULT.heapBuffer(256).release();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory loopThreads() {
        AtomicInteger next = new AtomicInteger(1);
        // FastThreadLocalThread marks loop threads as non-blocking for Netty's BlockHound integration.
        return task -> new FastThreadLocalThread(task, "loopline-loop-" + next.getAndIncrement());
    }
}
