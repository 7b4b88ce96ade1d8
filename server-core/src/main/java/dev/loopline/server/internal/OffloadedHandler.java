package dev.loopline.server.internal;

import dev.loopline.server.BodyPolicy;
import dev.loopline.server.Handler;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * Runs a handler on an executor instead of the event loop. A full executor answers 503 with {@code Retry-After}
 * at once. Cancellation travels with the request's context, not with the stage: a task whose request was cancelled
 * (timed out, client gone) before it starts is never run, however many filters wrapped the stage it returned;
 * with {@code interruptible}, the thread running it is interrupted when the request is cancelled meanwhile.
 */
public final class OffloadedHandler implements Handler {

    /** Which executor a request's work goes to. */
    public enum Kind { CPU, BLOCKING }

    private static final OffloadExecutors STANDALONE = new OffloadExecutors(ServerConfig.builder().build());

    private final Handler handler;
    private final String name;
    private final Function<ServerRuntime, Executor> executorOf;
    private final Executor standalone;
    private final boolean interruptible;

    private OffloadedHandler(Handler handler, String name, Function<ServerRuntime, Executor> executorOf,
                             Executor standalone, boolean interruptible) {
        this.handler = handler;
        this.name = name;
        this.executorOf = executorOf;
        this.standalone = standalone;
        this.interruptible = interruptible;
    }

    /**
     * Offloads to one of the server's own executors. A request built without a server (in a unit test) runs on
     * a shared standalone executor of the same kind.
     */
    public static Handler on(Kind kind, Handler handler, boolean interruptible) {
        if (kind == Kind.CPU) {
            return new OffloadedHandler(handler, "cpu pool", runtime -> runtime.offload().cpu(),
                    command -> STANDALONE.cpu().execute(command), interruptible);
        }
        return new OffloadedHandler(handler, "blocking executor", runtime -> runtime.offload().blocking(),
                command -> STANDALONE.blocking().execute(command), interruptible);
    }

    /** The standalone blocking executor requests built without a server use. */
    static Executor standaloneBlocking() {
        return STANDALONE.blocking();
    }

    /** Offloads to an executor the caller owns (and shuts down). */
    public static Handler on(Executor executor, Handler handler) {
        return new OffloadedHandler(handler, "executor", runtime -> executor, executor, false);
    }

    @Override
    public BodyPolicy bodyPolicy(Request head) {
        return handler.bodyPolicy(head);
    }

    @Override
    public CompletionStage<Response> handle(Request request) {
        ResponseSlot exchange = ResponseSlot.of(request);
        CompletableFuture<Response> result = new CompletableFuture<>();
        Runnable run = () -> run(request, exchange, result);
        Runnable task = exchange == null ? run : exchange.connection.runtime().observers.carry(run);
        try {
            Executor executor = exchange == null ? standalone : executorOf.apply(exchange.connection.runtime());
            executor.execute(task);
        } catch (RejectedExecutionException full) {
            if (exchange != null) {
                exchange.connection.runtime().offloadRejected(name);
            }
            result.completeExceptionally(new HttpStatusException(503,
                    "server busy: the " + name + " is full, try again shortly", Map.of("Retry-After", "1")));
        }
        return result;
    }

    private void run(Request request, ResponseSlot exchange, CompletableFuture<Response> result) {
        if (exchange != null && (exchange.isCancelled() || !exchange.connection.isOpen())) {
            result.completeExceptionally(new CancellationException("the request was cancelled before its work began"));
            return; // timed out or abandoned while queued: not wanted
        }
        boolean interrupting = interruptible && exchange != null;
        if (interrupting && !exchange.beginInterruptible()) {
            result.completeExceptionally(new CancellationException("the request was cancelled before its work began"));
            return;
        }
        try {
            CompletionStage<Response> stage = handler.handle(request);
            if (stage == null) {
                result.completeExceptionally(new IllegalStateException(
                        "offloaded handler returned null instead of a CompletionStage"));
                return;
            }
            stage.whenComplete((response, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(response);
                }
            });
        } catch (Throwable error) {
            result.completeExceptionally(error);
        } finally {
            if (interrupting) {
                exchange.endInterruptible();
            }
        }
    }
}
