package dev.loopline.server;

/**
 * Sees every exchange of a server end: the one hook that metrics, access logs, the loop budget and tracing are built
 * on. Registered with {@link ServerConfig.Builder#observer(ExchangeObserver)}.
 *
 * <p>{@link #ended} is called once per request that reached its handler, on the connection's event loop, when the
 * response's last byte has been handed to the connection (for a streamed body, written), or when the exchange was
 * given up (the client went away, the body broke off). It must be quick and must not block: it runs on the loop
 * (its time is not counted in the loop time of the exchange it reports). An exception it throws is logged and
 * ignored.
 * Requests refused before any handler ran (400, 413, 431, ...) are not reported.
 *
 * <p>An observer that keeps a context per thread (a tracing span, a logging MDC) can also have it carried across
 * Loopline's own thread hops: {@link #captureContext()} is called where a hop is set up, on the thread that sets it
 * up, and what it returns wraps the task that runs on the other side.
 */
@FunctionalInterface
public interface ExchangeObserver {

    /** The exchange has ended. Valid only during this call; copy what you keep. */
    void ended(Exchange exchange);

    /**
     * Whether this observer reads {@link Exchange#durationNanos()}; when any observer says true (the default), each
     * request costs one more clock read and a small object for the start time. The loop time is always measured.
     */
    default boolean wantsDuration() {
        return true;
    }

    /**
     * Called on the thread that sets up a hop to another thread: {@link Offload} submitting a handler to a pool,
     * {@link Delay} arming its timer, {@link Offload#loop} making its executor (so every task of that executor runs in
     * the context of the moment it was made). Returns what wraps the task on the other side so that it runs in the
     * context current here, or null (the default) when there is nothing to carry. Must be cheap: it runs on the loop,
     * once per hop. A {@link Body#writer} body's writer does not run in the context (it starts after the handler).
     */
    default java.util.function.UnaryOperator<Runnable> captureContext() {
        return null;
    }
}
