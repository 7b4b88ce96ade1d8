package dev.loopline.loadtest.servers;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The broadcast clock of {@link BenchContract#EVENTS_PATH}: one daemon thread, started by the first subscriber, that
 * runs a server's broadcast every {@link BenchContract#EVENTS_INTERVAL_MILLIS} ms (with no subscriber it costs a
 * wake-up and an empty loop). The same for every bench server, so that none broadcasts more often than another.
 */
final class EventTicker {

    private final Runnable broadcast;
    private final AtomicBoolean started = new AtomicBoolean();

    EventTicker(Runnable broadcast) {
        this.broadcast = broadcast;
    }

    /** Starts the clock, once. */
    void ensureStarted() {
        if (started.compareAndSet(false, true)) {
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "bench-event-ticker");
                thread.setDaemon(true);
                return thread;
            });
            clock.scheduleAtFixedRate(broadcast, BenchContract.EVENTS_INTERVAL_MILLIS,
                    BenchContract.EVENTS_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }
}
