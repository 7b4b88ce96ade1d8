package dev.loopline.server;

import dev.loopline.server.internal.LoopTimers;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Timers on the request's own event loop: answer later without a thread waiting, and without a hop from a
 * timer thread back to the loop.
 *
 * <pre>{@code
 * router.get("/slow", request -> Delay.after(request, Duration.ofMillis(100), () -> Response.text("done")));
 * }</pre>
 */
public final class Delay {

    private Delay() {
    }

    /**
     * A stage completed with {@code value.get()} once {@code delay} has passed, computed on the loop of the
     * connection the request arrived on (so {@code value} must not block either). If {@code value} throws, the
     * stage fails with that exception. For a request built without a server, a shared daemon timer is used.
     */
    public static <T> CompletionStage<T> after(Request request, Duration delay, Supplier<T> value) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative (was " + delay + ")");
        }
        return LoopTimers.after(request, delay, value);
    }
}
