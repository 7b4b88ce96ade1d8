package dev.loopline.server.internal;

import dev.loopline.server.Request;
import dev.loopline.server.ServerStats;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The health record of one event loop: which request its handler is running now (written by the loop), and
 * the heartbeat lags and blocked episodes (written by the {@link LoopGuard} thread).
 */
final class LoopMonitor {

    private static final int WINDOW = 1024; // recent lag samples kept for percentiles

    final EventLoop loop;
    final RouteLoopRecorder routeTimes = new RouteLoopRecorder(); // written by the loop only
    // Loop thread only: the loop time of handlers and continuations run while another one runs on this loop (a
    // completion that runs the next request's handler, on this connection or another), which count for their own
    // exchanges and are subtracted from the one around them.
    long nestedNanos;
    volatile Thread thread; // set once, by a task on the loop, when the server starts

    // Written by the loop around each handler call; read by the guard when the loop is blocked.
    private final AtomicReference<Request> current = new AtomicReference<>();
    // Loop thread only: the requests whose handlers are running now, outermost first. A handler may run another
    // on the loop before it returns (a completion that runs the next request's handler); when that one returns,
    // the guard must name the outer one again, not nothing.
    private Request[] running = new Request[4];
    private int depth;

    // Heartbeat: the guard sets submittedAt and submits; the loop sets ranAt.
    volatile long ranAt;
    volatile long submittedAt; // written by the guard thread only; 0 when no heartbeat is pending
    final Runnable heartbeat = () -> ranAt = System.nanoTime();

    // Lag statistics: written by the guard, read by stats(); guarded by this.
    private final long[] lags = new long[WINDOW];
    private int nextLag;    // where the next sample goes: the ring wraps, the counter never overflows
    private int lagSamples; // how many of the ring's slots hold a sample (at most WINDOW)
    private long lastLag;
    private long maxLag;
    private long blockedEpisodes;
    private ServerStats.BlockedEpisode lastBlocked;
    boolean inEpisode; // guard thread only

    LoopMonitor(EventLoop loop) {
        this.loop = loop;
    }

    /** Called by the loop just before a handler runs. */
    void enter(Request request) {
        if (depth == running.length) {
            running = Arrays.copyOf(running, 2 * depth);
        }
        running[depth++] = request;
        current.lazySet(request);
    }

    /** Called by the loop just after a handler returns: the handler around it, if any, is current again. */
    void exit() {
        running[--depth] = null;
        current.lazySet(depth == 0 ? null : running[depth - 1]);
    }

    Request currentRequest() {
        return current.get();
    }

    /** Records the lag of the heartbeat that has run, and forgets it (guard thread). */
    synchronized void recordLag(long lagNanos) {
        submittedAt = 0;
        lags[nextLag] = lagNanos;
        nextLag = (nextLag + 1) % WINDOW;
        lagSamples = Math.min(WINDOW, lagSamples + 1);
        lastLag = lagNanos;
        maxLag = Math.max(maxLag, lagNanos);
    }

    /** Posts a new heartbeat (guard thread); synchronized so that a snapshot never sees half of it. */
    synchronized void submitHeartbeat(long now) {
        ranAt = 0;
        submittedAt = now;
    }

    synchronized void recordBlocked(ServerStats.BlockedEpisode episode) {
        blockedEpisodes++;
        lastBlocked = episode;
        maxLag = Math.max(maxLag, episode.blockedFor().toNanos());
    }

    synchronized ServerStats.LoopStats snapshot(long now) {
        long pending = submittedAt;
        long ran = ranAt;
        long current = lastLag;
        long max = maxLag;
        if (pending != 0) { // a heartbeat the guard has not yet looked at: it ran, or it is still waiting
            long lag = Math.max(0, (ran != 0 ? ran : now) - pending);
            current = ran != 0 ? lag : Math.max(current, lag);
            max = Math.max(max, lag);
        }
        int n = lagSamples;
        long[] sorted = Arrays.copyOf(lags, n);
        Arrays.sort(sorted);
        Thread loopThread = thread;
        return new ServerStats.LoopStats(
                loopThread == null ? "(not started)" : loopThread.getName(),
                Duration.ofNanos(current),
                Duration.ofNanos(max),
                Duration.ofNanos(percentile(sorted, 0.50)),
                Duration.ofNanos(percentile(sorted, 0.99)),
                Duration.ofNanos(percentile(sorted, 0.999)),
                blockedEpisodes,
                lastBlocked);
    }

    private static long percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
