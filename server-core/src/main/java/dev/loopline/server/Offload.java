package dev.loopline.server;

import dev.loopline.server.internal.OffloadedHandler;
import java.util.concurrent.Executor;

/**
 * The explicit, visible way to run work that must not run on an event loop. Each method wraps a handler; the
 * wrapped handler is called on a worker thread and its response is written back on the connection's loop.
 *
 * <p>Every executor is bounded: when its queue is full the request is answered at once with
 * {@code 503 Service Unavailable} and {@code Retry-After}, and counted in {@link ServerStats}. Work whose
 * client has disconnected before it starts is skipped. Offloaded requests of one connection may run in
 * parallel; their responses are still written in request order.
 */
public final class Offload {

    private Offload() {
    }

    /**
     * For CPU-heavy work (hashing, compression, big JSON): a pool of {@link ServerConfig#cpuThreads()} platform
     * threads named {@code loopline-cpu-N}, with {@link ServerConfig#cpuQueueCapacity()} waiting tasks at most.
     */
    public static Handler cpu(Handler handler) {
        return OffloadedHandler.on(OffloadedHandler.Kind.CPU, handler);
    }

    /**
     * For blocking I/O (JDBC, files, legacy clients): one virtual thread per task on JDK 21+, a pool of platform
     * threads on JDK 17; at most {@link ServerConfig#blockingConcurrency()} run at once and
     * {@link ServerConfig#blockingQueueCapacity()} wait.
     */
    public static Handler blocking(Handler handler) {
        return OffloadedHandler.on(OffloadedHandler.Kind.BLOCKING, handler);
    }

    /**
     * On an executor you own (and shut down). Bound its queue yourself: a {@code RejectedExecutionException}
     * from it becomes 503 with {@code Retry-After}.
     */
    public static Handler on(Executor executor, Handler handler) {
        return OffloadedHandler.on(executor, handler);
    }
}
