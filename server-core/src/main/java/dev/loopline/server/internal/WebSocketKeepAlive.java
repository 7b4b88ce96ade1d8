package dev.loopline.server.internal;

import dev.loopline.server.WebSocketOptions;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A session's idle timeout and server pings: one periodic check on the session's loop, a quarter of the shorter
 * interval apart (at least 50 ms). Loop thread only, but for {@link #stop()}.
 */
final class WebSocketKeepAlive {

    private final long idleNanos;
    private final long pingNanos;
    private long lastRead;
    private long lastWrite;
    private ScheduledFuture<?> check;

    WebSocketKeepAlive(WebSocketOptions options) {
        this.idleNanos = options.idleTimeout().toNanos();
        this.pingNanos = options.pingInterval().toNanos();
    }

    /** Starts the check: {@code onIdle} once nothing was read for the idle timeout, {@code ping} when due. */
    void start(EventExecutor loop, Runnable onIdle, Runnable ping) {
        if (idleNanos == 0 && pingNanos == 0) {
            return;
        }
        long shorter = idleNanos == 0 ? pingNanos : pingNanos == 0 ? idleNanos : Math.min(idleNanos, pingNanos);
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(50), shorter / 4);
        lastRead = lastWrite = System.nanoTime();
        check = loop.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            if (idleNanos > 0 && now - lastRead >= idleNanos) {
                onIdle.run();
            } else if (pingNanos > 0 && now - lastWrite >= pingNanos) {
                lastWrite = now;
                ping.run();
            }
        }, period, period, TimeUnit.NANOSECONDS);
    }

    /** A frame arrived. */
    void read() {
        lastRead = System.nanoTime();
    }

    /** A frame was sent. */
    void wrote() {
        lastWrite = System.nanoTime();
    }

    void stop() {
        if (check != null) {
            check.cancel(false);
        }
    }
}
