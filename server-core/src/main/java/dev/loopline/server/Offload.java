package dev.loopline.server;

import dev.loopline.server.internal.OffloadedHandler;
import dev.loopline.server.internal.LoopTimers;
import java.util.concurrent.Executor;

/**
 * The explicit, visible way to run work that must not run on an event loop. Each method wraps a handler; the
 * wrapped handler is called on a worker thread and its response is written back on the connection's loop.
 *
 * <p>Every executor is bounded: when its queue is full the request is answered at once with
 * {@code 503 Service Unavailable} and {@code Retry-After}, and counted in {@link ServerStats}. Work of a request
 * that is cancelled before it starts (its handler timed out, or its client went away) never starts, however many
 * filters wrapped the stage; see {@link RequestContext#isCancelled()}. Offloaded requests of one connection may run
 * in parallel; their responses are still written in request order.
 *
 * <h2>Threads, for handlers that return a stage that is not yet complete</h2>
 *
 * <ul>
 *   <li>The wrapped handler's own code, up to the moment it returns its stage, runs on the worker thread.
 *   <li>Continuations ({@code thenApply}, {@code whenComplete}, ...) attached to a stage run on the thread that
 *       completes it: for a stage an asynchronous client completes (AsyncHttpClient, a reactive driver), that is the
 *       client library's own I/O thread, not the worker and not the loop. Keep them short, or hop with
 *       {@link #loop(Request)} (back to the request's event loop, for cheap work) or an executor of your own.
 *   <li>The worker is released when the handler returns, not when its stage completes: a blocking executor's
 *       concurrency limit counts running handler calls, not outstanding stages.
 *   <li>The loop guard watches event loops only: it sees a continuation that blocks on the loop (for example one
 *       that {@link #loop(Request)} brought back there), never one that blocks a worker or a client's thread.
 *   <li>Whatever thread completes the stage, the response is written on the connection's own loop.
 * </ul>
 */
public final class Offload {

    private Offload() {
    }

    /**
     * For CPU-heavy work (hashing, compression, big JSON): a pool of {@link ServerConfig#cpuThreads()} platform
     * threads named {@code loopline-cpu-N}, with {@link ServerConfig#cpuQueueCapacity()} waiting tasks at most.
     */
    public static Handler cpu(Handler handler) {
        return OffloadedHandler.on(OffloadedHandler.Kind.CPU, handler, false);
    }

    /**
     * For blocking I/O (JDBC, files, legacy clients): one virtual thread per task on JDK 21+, a pool of platform
     * threads on JDK 17; at most {@link ServerConfig#blockingConcurrency()} run at once and
     * {@link ServerConfig#blockingQueueCapacity()} wait, started in the order they arrived. A task that is running
     * when its request is cancelled is not interrupted (an interrupt closes NIO channels and spoils JDBC
     * connections); see {@link #blockingInterruptible}.
     */
    public static Handler blocking(Handler handler) {
        return OffloadedHandler.on(OffloadedHandler.Kind.BLOCKING, handler, false);
    }

    /**
     * As {@link #blocking}, and when the request is cancelled while the handler runs (its handler timed out, or
     * its client went away), the thread running it is interrupted. For work that stops cleanly on an interrupt
     * ({@code Thread.sleep}, {@code BlockingQueue.take}, {@code Future.get}, an interruptible client); not for JDBC
     * or code that uses an {@code InterruptibleChannel} it means to keep.
     */
    public static Handler blockingInterruptible(Handler handler) {
        return OffloadedHandler.on(OffloadedHandler.Kind.BLOCKING, handler, true);
    }

    /**
     * On an executor you own (and shut down). Bound its queue yourself: a {@code RejectedExecutionException}
     * from it becomes 503 with {@code Retry-After}.
     */
    public static Handler on(Executor executor, Handler handler) {
        return OffloadedHandler.on(executor, handler);
    }

    /**
     * The event loop of {@code request}'s connection, as an executor: pass it to {@code thenApplyAsync} and the like
     * to run a continuation back on the loop instead of on the thread that completed the stage (a client library's
     * I/O thread, a worker). What runs there must not block, as for any handler. For a request built without a
     * server, an executor that runs each task at once on the calling thread.
     */
    public static Executor loop(Request request) {
        return LoopTimers.executorOf(request);
    }
}
