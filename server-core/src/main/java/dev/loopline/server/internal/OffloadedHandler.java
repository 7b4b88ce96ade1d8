package dev.loopline.server.internal;

import dev.loopline.server.Handler;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a handler on an executor instead of the event loop. A full executor answers 503 with
 * {@code Retry-After} at once; a task whose client has gone before it starts is not run.
 */
public final class OffloadedHandler implements Handler {

    /** The stage of one offloaded request: made here, so the server may cancel it when it is no longer wanted. */
    static final class Result extends CompletableFuture<Response> {
    }

    /** Which executor a request's work goes to. */
    public enum Kind { CPU, BLOCKING }

    private static final OffloadExecutors STANDALONE = new OffloadExecutors(dev.loopline.server.ServerConfig.builder()
            .build());

    private static final Logger log = LoggerFactory.getLogger(OffloadedHandler.class);
    private static volatile boolean warnedAboutWrappers; // once per JVM is enough

    private final Handler handler;
    private final String name;
    private final Function<ServerRuntime, Executor> executorOf;
    private final Executor standalone;

    private OffloadedHandler(Handler handler, String name, Function<ServerRuntime, Executor> executorOf,
                             Executor standalone) {
        this.handler = handler;
        this.name = name;
        this.executorOf = executorOf;
        this.standalone = standalone;
    }

    /**
     * Offloads to one of the server's own executors. A request built without a server (in a unit test) runs on
     * a shared standalone executor of the same kind.
     */
    public static Handler on(Kind kind, Handler handler) {
        if (kind == Kind.CPU) {
            return new OffloadedHandler(handler, "cpu pool", runtime -> runtime.offload().cpu(),
                    command -> STANDALONE.cpu().execute(command));
        }
        return new OffloadedHandler(handler, "blocking executor", runtime -> runtime.offload().blocking(),
                command -> STANDALONE.blocking().execute(command));
    }

    /** Offloads to an executor the caller owns (and shuts down). */
    public static Handler on(Executor executor, Handler handler) {
        return new OffloadedHandler(handler, "executor", runtime -> executor, executor);
    }

    @Override
    public CompletionStage<Response> handle(Request request) {
        ConnectionContext connection = request instanceof DefaultRequest ? ((DefaultRequest) request).connection()
                : null;
        if (!(request instanceof DefaultRequest) && !warnedAboutWrappers) {
            warnedAboutWrappers = true;
            log.warn("Offload got a Request the server did not make (a wrapper?): it runs on a standalone pool, outside"
                    + " the server's limits, stats and shutdown. Derive requests with withHeader/withRoute instead.");
        }
        Result result = new Result();
        Runnable task = () -> run(request, connection, result);
        try {
            Executor executor = connection == null ? standalone : executorOf.apply(connection.runtime());
            executor.execute(task);
        } catch (RejectedExecutionException full) {
            if (connection != null) {
                connection.runtime().offloadRejected(name);
            }
            result.completeExceptionally(new HttpStatusException(503,
                    "server busy: the " + name + " is full, try again shortly", Map.of("Retry-After", "1")));
        }
        return result;
    }

    private void run(Request request, ConnectionContext connection, Result result) {
        if (result.isDone()) {
            return; // answered already (the handler timeout) or abandoned (the client has gone): not wanted
        }
        if (connection != null && !connection.isOpen()) {
            result.cancel(false); // the client has gone: do not start its work
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
        }
    }
}
