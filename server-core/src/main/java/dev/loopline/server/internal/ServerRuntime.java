package dev.loopline.server.internal;

import dev.loopline.server.Handler;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.ServerStats;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every connection of one server shares: config, handler, writer, executors, loop monitors and counters. */
final class ServerRuntime {

    private static final Logger log = LoggerFactory.getLogger(Loggers.OFFLOAD);
    private static final long REJECTION_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    final ServerConfig config;
    final Handler handler;
    final ResponseWriter writer;
    private final OffloadExecutors offload;
    private final Map<EventLoop, LoopMonitor> monitors;
    private final List<LoopMonitor> loopOrder;
    final Observers observers;
    final LoopBudget budget;

    final TrustedProxies trustedProxies;
    private final AtomicLong webSocketSessions = new AtomicLong();
    private final LongAdder webSocketMessagesIn = new LongAdder();
    private final LongAdder webSocketMessagesOut = new LongAdder();
    final LongAdder pendingTimers = new LongAdder(); // handler timeouts and Delays of open connections
    final AtomicInteger openConnections = new AtomicInteger();
    private final LongAdder requestsTotal = new LongAdder();
    private final LongAdder requestsInFlight = new LongAdder();
    private final LongAdder connectionsRefused = new LongAdder();
    private final LongAdder handlerTimeouts = new LongAdder();
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastRejectionLog = new AtomicLong(System.nanoTime() - REJECTION_LOG_INTERVAL_NANOS - 1);
    private volatile boolean shuttingDown; // close() has been called: readiness is 503
    private volatile boolean draining;     // connections finish what they have, then close

    ServerRuntime(ServerConfig config, Handler handler, ResponseWriter writer, OffloadExecutors offload,
                  List<LoopMonitor> loopMonitors) {
        this.config = config;
        this.handler = handler;
        this.writer = writer;
        this.offload = offload;
        this.trustedProxies = TrustedProxies.of(config.trustedProxies());
        Map<EventLoop, LoopMonitor> byLoop = new IdentityHashMap<>();
        for (LoopMonitor monitor : loopMonitors) {
            byLoop.put(monitor.loop, monitor);
        }
        this.monitors = byLoop;
        this.loopOrder = List.copyOf(loopMonitors);
        this.observers = new Observers(config.observers());
        List<RouteLoopRecorder> recorders = new ArrayList<>(loopMonitors.size());
        for (LoopMonitor monitor : loopMonitors) {
            recorders.add(monitor.routeTimes);
        }
        this.budget = new LoopBudget(recorders, config.loopBudget());
    }

    OffloadExecutors offload() {
        return offload;
    }

    LoopMonitor monitor(EventLoop loop) {
        return monitors.get(loop);
    }

    boolean isDraining() {
        return draining;
    }

    boolean isShuttingDown() {
        return shuttingDown;
    }

    /** Graceful shutdown, step 1: readiness turns 503 while everything else goes on as before. */
    void beginShutdown() {
        shuttingDown = true;
    }

    void connectionOpened(ServerConnection connection) {
        connections.add(connection);
        if (draining) {
            connection.startDrain(); // accepted just as the server began to close
        }
    }

    void connectionClosed(ServerConnection connection) {
        connections.remove(connection);
    }

    /** Graceful shutdown, step 3: every connection finishes what it has and then closes. */
    void startDrain() {
        draining = true;
        for (ServerConnection connection : connections) {
            connection.startDrain();
        }
    }

    /** Step 5: whatever is still open after the grace period is closed now. */
    void closeAll() {
        for (ServerConnection connection : new ArrayList<>(connections)) {
            connection.closeNow();
        }
    }

    int connectionCount() {
        return connections.size();
    }

    void requestStarted() {
        requestsTotal.increment();
        requestsInFlight.increment();
    }

    void requestFinished() {
        requestsInFlight.decrement();
    }

    /** Requests received whose response was written (or whose client went away). */
    long requestsFinished() {
        return requestsTotal.sum() - requestsInFlight.sum();
    }

    long requestsInFlight() {
        return requestsInFlight.sum();
    }

    void connectionRefused() {
        connectionsRefused.increment();
    }

    void handlerTimedOut() {
        handlerTimeouts.increment();
    }

    /** Logs that an offload executor is shedding load, at most once every ten seconds. */
    void offloadRejected(String executorName) {
        long now = System.nanoTime();
        long last = lastRejectionLog.get();
        if (now - last > REJECTION_LOG_INTERVAL_NANOS && lastRejectionLog.compareAndSet(last, now)) {
            log.warn("The {} is full: answering 503 with Retry-After. Raise its capacity in ServerConfig or add "
                    + "instances if this persists.", executorName);
        }
    }

    void webSocketOpened() {
        webSocketSessions.incrementAndGet();
    }

    void webSocketClosed() {
        webSocketSessions.decrementAndGet();
    }

    void webSocketMessageIn() {
        webSocketMessagesIn.increment();
    }

    void webSocketMessageOut() {
        webSocketMessagesOut.increment();
    }

    ServerStats stats() {
        long now = System.nanoTime();
        List<ServerStats.LoopStats> loops = new ArrayList<>(loopOrder.size());
        for (LoopMonitor monitor : loopOrder) {
            loops.add(monitor.snapshot(now));
        }
        return new ServerStats(loops, offload.cpuStats(), offload.blockingStats(), requestsInFlight.sum(),
                requestsTotal.sum(), openConnections.get(), connectionsRefused.sum(), handlerTimeouts.sum(),
                pendingTimers.sum(), shuttingDown, webSocketSessions.get(), webSocketMessagesIn.sum(),
                webSocketMessagesOut.sum());
    }
}
