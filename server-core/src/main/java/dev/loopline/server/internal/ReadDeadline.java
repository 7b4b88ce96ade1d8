package dev.loopline.server.internal;

import dev.loopline.server.ServerConfig;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one read deadline a connection has at a time: idle (waiting for a request), header (receiving a head) or
 * body (receiving a body); the three are states of reading, so one replaces the other. Moving between them costs a clock read, not a timer: a single timer ticks at
 * most every {@code min(timeouts)} and re-arms itself until the current deadline has passed, so a deadline set
 * later can never be missed. Owned by the connection's loop.
 */
final class ReadDeadline {

    enum Kind { NONE, IDLE, HEADER, BODY }

    private final long headerNanos;
    private final long bodyNanos;
    private final long idleNanos;
    private final long tickNanos;
    private final Consumer<Kind> onExpired;
    private EventExecutor executor;
    private ScheduledFuture<?> timer;
    private Kind kind = Kind.NONE;
    private long deadlineNanos;
    private boolean stopped;
    private boolean streamedBodyWanted; // the BODY deadline runs for a streamed body its handler wants more of

    ReadDeadline(ServerConfig config, Consumer<Kind> onExpired) {
        this.headerNanos = config.headerTimeout().toNanos();
        this.bodyNanos = config.bodyTimeout().toNanos();
        this.idleNanos = config.idleTimeout().toNanos();
        this.tickNanos = Math.min(headerNanos, Math.min(bodyNanos, idleNanos));
        this.onExpired = onExpired;
    }

    void start(EventExecutor loop) {
        executor = loop;
    }

    void set(Kind newKind) {
        kind = newKind;
        deadlineNanos = System.nanoTime() + timeoutOf(newKind);
        if (timer == null && !stopped && executor != null) {
            arm(tickNanos);
        }
    }

    void clear() {
        kind = Kind.NONE;
        streamedBodyWanted = false;
    }

    /**
     * A body streamed to its handler: its deadline runs only while the handler wants more (no progress for the body
     * timeout then is 408), and restarts with every arrival; while the handler does not ask, the client is not late.
     */
    void streamedBody(boolean wanted, boolean arrived) {
        if (wanted && (arrived || !streamedBodyWanted)) {
            set(Kind.BODY);
        } else if (!wanted && streamedBodyWanted) {
            kind = Kind.NONE;
        }
        streamedBodyWanted = wanted;
    }

    void stop() {
        stopped = true;
        kind = Kind.NONE;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void arm(long delayNanos) {
        timer = executor.schedule(this::fire, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void fire() {
        timer = null;
        if (stopped || kind == Kind.NONE) {
            return;
        }
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            arm(Math.min(left, tickNanos));
            return;
        }
        Kind expired = kind;
        kind = Kind.NONE;
        onExpired.accept(expired);
    }

    private long timeoutOf(Kind of) {
        switch (of) {
            case HEADER: return headerNanos;
            case BODY: return bodyNanos;
            case IDLE: return idleNanos;
            default: return Long.MAX_VALUE / 4;
        }
    }
}
