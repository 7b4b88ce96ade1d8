package dev.loopline.server.internal;

import dev.loopline.server.Request;
import dev.loopline.server.ServerStats;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watchdog thread that proves the event loops are never blocked. Every tick it posts a heartbeat task to each
 * loop and measures how late the previous one ran (the loop's lag). When a heartbeat has waited longer than the
 * threshold, the loop is held by one task: the guard logs one WARN for that episode, with the request being
 * handled and the loop thread's stack trace taken while it is still blocked. Once a second it also checks the
 * {@link LoopBudget}.
 */
final class LoopGuard implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Loggers.LOOP_GUARD);

    private final List<LoopMonitor> monitors;
    private final long thresholdNanos;
    private final long tickNanos;
    private final Thread thread;
    private final LoopBudget budget;
    private long lastBudgetTick = System.nanoTime();
    private volatile boolean running = true;

    LoopGuard(List<LoopMonitor> monitors, Duration threshold, LoopBudget budget) {
        this.monitors = monitors;
        this.budget = budget;
        this.thresholdNanos = threshold.toNanos();
        // Tick often enough that an episode is caught within a quarter of the threshold; with the guard switched off
        // (threshold zero) the thread only checks the loop budget, once a second.
        this.tickNanos = thresholdNanos == 0 ? TimeUnit.SECONDS.toNanos(1) : Math.max(TimeUnit.MILLISECONDS.toNanos(2),
                Math.min(thresholdNanos / 4, TimeUnit.MILLISECONDS.toNanos(25)));
        this.thread = new Thread(this, "loopline-loop-guard");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
    }

    void start() {
        thread.start();
    }

    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.NANOSECONDS.toMillis(tickNanos) * 10 + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        while (running) {
            long now = System.nanoTime();
            for (int i = 0; thresholdNanos > 0 && i < monitors.size(); i++) {
                check(monitors.get(i), now);
            }
            if (now - lastBudgetTick >= TimeUnit.SECONDS.toNanos(1)) {
                lastBudgetTick = now;
                try {
                    budget.tick(now);
                } catch (RuntimeException e) {
                    log.warn("The loop budget check failed", e);
                }
            }
            try {
                TimeUnit.NANOSECONDS.sleep(tickNanos);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void check(LoopMonitor monitor, long now) {
        if (monitor.submittedAt != 0) {
            long ranAt = monitor.ranAt;
            if (ranAt != 0) {
                // A lag past the threshold that ended between two ticks counts as lag, not as an episode: with
                // no stack there is no evidence that a task (rather than the OS or a GC pause) held the loop.
                monitor.recordLag(Math.max(0, ranAt - monitor.submittedAt));
                monitor.inEpisode = false;
            } else {
                long waited = now - monitor.submittedAt;
                if (waited >= thresholdNanos && !monitor.inEpisode) {
                    monitor.inEpisode = true;
                    reportBlocked(monitor, waited);
                }
                return; // the heartbeat is still queued: do not post another
            }
        }
        if (monitor.loop.isShuttingDown()) {
            return;
        }
        monitor.submitHeartbeat(now);
        try {
            monitor.loop.execute(monitor.heartbeat);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            monitor.submittedAt = 0; // the loop is shutting down
        }
    }

    private void reportBlocked(LoopMonitor monitor, long waitedNanos) {
        Thread loopThread = monitor.thread;
        Request request = monitor.currentRequest();
        String name = loopThread == null ? "an event loop" : loopThread.getName();
        StackTraceElement[] stack = loopThread == null ? new StackTraceElement[0] : loopThread.getStackTrace();
        if (isWaitingForIo(stack)) {
            // Idle in its I/O wait: the heartbeat woke it, but the OS has not run it yet (an overloaded or
            // stolen CPU). That is lag, not a task holding the loop, so it is not an episode.
            log.debug("Event loop {} has waited {} ms for a CPU while idle", name,
                    TimeUnit.NANOSECONDS.toMillis(waitedNanos));
            return;
        }
        String handled = request == null ? null : request.method() + " " + request.path();
        monitor.recordBlocked(new ServerStats.BlockedEpisode(name, Duration.ofNanos(waitedNanos), handled,
                Arrays.asList(stack)));
        log.warn("Event loop {} has been blocked for {} ms ({}); threshold {} ms. Move blocking or CPU-heavy work "
                        + "off the loop with Offload.blocking(...) or Offload.cpu(...). The loop thread is here:",
                name, TimeUnit.NANOSECONDS.toMillis(waitedNanos),
                handled == null ? "no handler was running" : "while handling " + handled,
                TimeUnit.NANOSECONDS.toMillis(thresholdNanos), new BlockedLoopStack(name, stack));
    }

    /** True when the top of {@code stack} is a loop's wait for I/O readiness (io_uring, epoll or a selector). */
    static boolean isWaitingForIo(StackTraceElement[] stack) {
        for (int i = 0; i < Math.min(3, stack.length); i++) {
            String method = stack[i].getMethodName();
            String type = stack[i].getClassName();
            if (method.equals("ioUringEnter") || method.startsWith("epollWait") || method.startsWith("epollBusyWait")
                    || type.equals("sun.nio.ch.EPoll") && method.equals("wait")
                    || type.startsWith("sun.nio.ch.") && type.endsWith("SelectorImpl") && method.startsWith("doSelect")) {
                return true;
            }
        }
        return false;
    }

    /** Carries a blocked loop thread's stack into the log; never thrown. */
    static final class BlockedLoopStack extends Throwable {
        private static final long serialVersionUID = 1L;

        BlockedLoopStack(String threadName, StackTraceElement[] stack) {
            super("stack of " + threadName + " while blocked", null, false, true);
            setStackTrace(stack);
        }
    }
}
