package dev.loopline.server.internal;

import dev.loopline.server.Request;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Schedules {@link dev.loopline.server.Delay} on the loop of the request's connection. */
public final class LoopTimers {

    private LoopTimers() {
    }

    public static <T> CompletionStage<T> after(Request request, Duration delay, Supplier<T> value) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable complete = () -> {
            try {
                result.complete(value.get());
            } catch (RuntimeException | Error error) {
                result.completeExceptionally(error);
            }
        };
        ConnectionContext connection = request instanceof DefaultRequest ? ((DefaultRequest) request).connection()
                : null;
        if (connection == null) {
            Executor timer = CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS);
            timer.execute(complete);
            return result;
        }
        try {
            connection.loop().schedule(complete, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shutDown) {
            result.completeExceptionally(shutDown); // the server is stopping; the connection will not be answered
        }
        return result;
    }
}
