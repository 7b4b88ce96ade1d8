package dev.loopline.server.internal;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The timers that belong to one connection (handler timeouts, {@link dev.loopline.server.Delay}s): when the
 * connection closes, every one still pending is cancelled, so a closed connection leaves nothing scheduled behind
 * (10 000 clients that leave during a 30 s delay must not keep 10 000 timers). Owned by the connection's loop.
 */
final class ConnectionTimers {

    /** A scheduled task of this connection. */
    final class Timer implements Runnable {
        private final Runnable task;
        private final Runnable onCancel; // may be null
        private ScheduledFuture<?> future;

        private Timer(Runnable task, Runnable onCancel) {
            this.task = task;
            this.onCancel = onCancel;
        }

        @Override
        public void run() {
            if (pending.remove(this)) {
                counter.decrement();
                task.run();
            }
        }

        /** Cancels the timer if it has not run; its {@code onCancel} is not called. */
        void cancel() {
            if (pending.remove(this)) {
                counter.decrement();
                future.cancel(false);
            }
        }
    }

    private final EventLoop loop;
    private final LongAdder counter; // the server's count of pending timers, for stats and tests
    private final Set<Timer> pending = new HashSet<>();
    private boolean closed;

    ConnectionTimers(EventLoop loop, LongAdder counter) {
        this.loop = loop;
        this.counter = counter;
    }

    /**
     * Runs {@code task} on the loop after {@code delayNanos}, unless the connection closes first; then
     * {@code onCancel} runs instead (on the loop, when it is not null). Loop thread only.
     */
    Timer schedule(Runnable task, long delayNanos, Runnable onCancel) {
        Timer timer = new Timer(task, onCancel);
        if (closed) {
            if (onCancel != null) {
                onCancel.run();
            }
            return timer;
        }
        pending.add(timer);
        counter.increment();
        timer.future = loop.schedule(timer, delayNanos, TimeUnit.NANOSECONDS);
        return timer;
    }

    /** The connection has closed: cancels every pending timer, and tells their owners. */
    void closeAll() {
        closed = true;
        if (pending.isEmpty()) {
            return;
        }
        ArrayList<Timer> cancelled = new ArrayList<>(pending);
        pending.clear();
        counter.add(-cancelled.size());
        for (Timer timer : cancelled) {
            timer.future.cancel(false);
            if (timer.onCancel != null) {
                timer.onCancel.run();
            }
        }
    }
}
