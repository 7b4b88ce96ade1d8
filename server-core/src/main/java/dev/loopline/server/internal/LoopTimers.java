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
import java.util.function.UnaryOperator;

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
        // what continues on the loop counts as the route's time, in the context the handler had
        Runnable timed = connection.runtime().observers.carry(() -> onLoop(exchange, complete));
        Runnable onClose = () -> result.completeExceptionally(
                new CancellationException("the connection closed before the delay was over"));
        Runnable schedule = () -> connection.timers().schedule(timed, delay.toNanos(), onClose);
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

    /**
     * The loop of the request's connection as an executor, whose tasks count as the request's loop time; for a request
     * without a server, the caller's thread.
     */
    public static Executor executorOf(Request request) {
        ResponseSlot exchange = ResponseSlot.of(request);
        if (exchange == null) {
            return DIRECT;
        }
        Executor loop = exchange.connection.loop();
        UnaryOperator<Runnable> carrier = exchange.connection.runtime().observers.captureContext();
        if (carrier == null) {
            return task -> loop.execute(() -> onLoop(exchange, task));
        }
        return task -> loop.execute(carrier.apply(() -> onLoop(exchange, task)));
    }

    /**
     * Runs {@code task} on the loop, adding its time to the exchange's loop time, less that of handlers it runs for
     * other exchanges meanwhile (loop thread).
     */
    private static void onLoop(ResponseSlot exchange, Runnable task) {
        LoopMonitor loop = exchange.connection.runtime().monitor(exchange.connection.loop());
        long outer = loop == null ? 0 : loop.nestedNanos;
        if (loop != null) {
            loop.nestedNanos = 0;
        }
        long start = System.nanoTime();
        exchange.continuationStarts(start); // the task may end the exchange: see ExchangeReporter.ended
        try {
            task.run();
        } finally {
            long now = System.nanoTime();
            long nested = loop == null ? 0 : loop.nestedNanos;
            if (exchange.continuing()) {
                exchange.continuationEnds(now - nested);
            }
            if (loop != null) {
                loop.nestedNanos = outer + (now - start);
            }
        }
    }
}
