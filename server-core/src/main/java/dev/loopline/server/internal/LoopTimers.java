package dev.loopline.server.internal;

import dev.loopline.server.Request;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The request's own event loop, for {@link dev.loopline.server.Delay} and {@link dev.loopline.server.Offload#loop}.
 * A Delay's timer belongs to the connection: if the connection closes first, the timer is cancelled (and its stage
 * fails with a CancellationException), so no timer outlives its client.
 */
public final class LoopTimers {

    private static final Executor DIRECT = Runnable::run;

    private LoopTimers() {
    }

    /** Completes with {@code value.get()} after {@code delay}, on the request's loop. */
    public static <T> CompletionStage<T> after(Request request, Duration delay, Supplier<T> value) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable complete = () -> {
            try {
                result.complete(value.get());
            } catch (RuntimeException | Error error) {
                result.completeExceptionally(error);
            }
        };
        ResponseSlot exchange = ResponseSlot.of(request);
        if (exchange == null) {
            CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS).execute(complete);
            return result;
        }
        ConnectionContext connection = exchange.connection;
        Runnable onClose = () -> result.completeExceptionally(
                new CancellationException("the connection closed before the delay was over"));
        Runnable schedule = () -> connection.timers().schedule(complete, delay.toNanos(), onClose);
        try {
            if (connection.loop().inEventLoop()) {
                schedule.run();
            } else {
                connection.loop().execute(schedule);
            }
        } catch (RejectedExecutionException shutDown) {
            result.completeExceptionally(shutDown); // the server is stopping; the connection will not be answered
        }
        return result;
    }

    /** The loop of the request's connection as an executor; for a request without a server, the caller's thread. */
    public static Executor executorOf(Request request) {
        ResponseSlot exchange = ResponseSlot.of(request);
        return exchange == null ? DIRECT : exchange.connection.loop();
    }
}
