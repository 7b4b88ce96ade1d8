package dev.loopline.server;

import java.time.Duration;
import java.util.List;

/**
 * A snapshot of a running server: event-loop health, offload pools and traffic. Cheap enough to take once a
 * second for a dashboard; metrics integrations read it.
 *
 * @param loops one entry per event loop
 * @param cpuPool the {@link Offload#cpu} pool
 * @param blockingPool the {@link Offload#blocking} executor
 * @param requestsInFlight requests received whose response has not been written (or whose client has gone)
 * @param requestsTotal requests received since start
 * @param openConnections connections open now
 * @param connectionsRefused connections answered 503 because {@link ServerConfig#maxConnections()} was reached
 * @param handlerTimeouts requests answered 503 because the handler did not complete in time
 * @param pendingTimers timers scheduled for open connections (handler timeouts, {@link Delay}s) and not yet run;
 *     a closing connection cancels its own, so this falls back to zero when the connections go
 * @param shuttingDown true once {@link HttpServer#close()} has begun
 * @param webSocketSessions WebSocket sessions open now
 * @param webSocketMessagesIn whole WebSocket messages (text or binary) received since start
 * @param webSocketMessagesOut WebSocket messages sent since start
 */
public record ServerStats(
        List<LoopStats> loops,
        PoolStats cpuPool,
        PoolStats blockingPool,
        long requestsInFlight,
        long requestsTotal,
        long openConnections,
        long connectionsRefused,
        long handlerTimeouts,
        long pendingTimers,
        boolean shuttingDown,
        long webSocketSessions,
        long webSocketMessagesIn,
        long webSocketMessagesOut) {

    /** A snapshot; {@code loops} is copied. */
    public ServerStats {
        loops = List.copyOf(loops);
    }

    /** Blocked-loop episodes over all loops. */
    public long blockedEpisodes() {
        return loops.stream().mapToLong(LoopStats::blockedEpisodes).sum();
    }

    /** The most recent blocked-loop episode on any loop, or null when no loop has been blocked. */
    public BlockedEpisode lastBlocked() {
        BlockedEpisode latest = null;
        long latestCount = 0;
        for (LoopStats loop : loops) {
            if (loop.lastBlocked() != null && (latest == null || loop.blockedEpisodes() >= latestCount)) {
                latest = loop.lastBlocked();
                latestCount = loop.blockedEpisodes();
            }
        }
        return latest;
    }

    /** The largest lag any loop has had since start. */
    public Duration maxLag() {
        return loops.stream().map(LoopStats::maxLag).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /**
     * Health of one event loop. Lag is how late a heartbeat task ran on the loop: the time any task waits
     * before the loop gets to it.
     *
     * @param thread the loop thread's name
     * @param currentLag lag of the newest heartbeat, or how long the pending one has waited if that is longer
     * @param maxLag the largest lag since start
     * @param lagP50 median lag over the recent window
     * @param lagP99 99th percentile lag over the recent window
     * @param lagP999 99.9th percentile lag over the recent window
     * @param blockedEpisodes times the loop was held past {@link ServerConfig#loopGuardThreshold()}
     * @param lastBlocked the latest of those episodes, or null when there has been none
     */
    public record LoopStats(
            String thread,
            Duration currentLag,
            Duration maxLag,
            Duration lagP50,
            Duration lagP99,
            Duration lagP999,
            long blockedEpisodes,
            BlockedEpisode lastBlocked) {
    }

    /**
     * What the loop guard saw when it found a loop blocked.
     *
     * @param thread the loop thread
     * @param blockedFor how long the loop had been held when the guard took the stack
     * @param request the request whose handler was running ({@code GET /path}), or null if none was
     * @param stack the loop thread's stack while it was still blocked: the top frames show what blocked it
     */
    public record BlockedEpisode(String thread, Duration blockedFor, String request, List<StackTraceElement> stack) {

        /** An episode; {@code stack} is copied. */
        public BlockedEpisode {
            stack = List.copyOf(stack);
        }
    }

    /**
     * One offload executor.
     *
     * @param name {@code cpu} or {@code blocking}
     * @param started false until the first task (pools start lazily)
     * @param queueDepth tasks waiting to start
     * @param active tasks running
     * @param rejected tasks refused with 503 because the queue was full
     * @param completed tasks finished
     */
    public record PoolStats(String name, boolean started, int queueDepth, int active, long rejected, long completed) {
    }
}
