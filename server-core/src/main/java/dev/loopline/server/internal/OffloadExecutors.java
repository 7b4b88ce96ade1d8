package dev.loopline.server.internal;

import dev.loopline.server.ServerConfig;
import dev.loopline.server.ServerStats;
import java.time.Duration;

/**
 * The server's two offload executors, each started on first use: the CPU pool (one platform thread per core
 * over a bounded queue) and the blocking executor (virtual threads with a concurrency limit on JDK 21+, a
 * bounded platform pool on JDK 17).
 */
final class OffloadExecutors {

    private final ServerConfig config;
    private volatile BoundedExecutor cpu;
    private volatile BoundedExecutor blocking;
    private boolean closed; // guarded by this

    OffloadExecutors(ServerConfig config) {
        this.config = config;
    }

    BoundedExecutor cpu() {
        BoundedExecutor pool = cpu;
        if (pool == null) {
            synchronized (this) {
                checkOpen();
                if (cpu == null) {
                    cpu = new PlatformPool("cpu", config.effectiveCpuThreads(), config.cpuQueueCapacity());
                }
                pool = cpu;
            }
        }
        return pool;
    }

    BoundedExecutor blocking() {
        BoundedExecutor pool = blocking;
        if (pool == null) {
            synchronized (this) {
                checkOpen();
                if (blocking == null) {
                    blocking = VirtualThreadExecutor.isSupported()
                            ? new VirtualThreadExecutor(config.blockingConcurrency(), config.blockingQueueCapacity())
                            : new PlatformPool("blocking", config.blockingConcurrency(), config.blockingQueueCapacity());
                }
                pool = blocking;
            }
        }
        return pool;
    }

    /** Pays the JDK's one-time costs of the executors on the starting thread instead of on a loop. */
    static void warmUp() {
        VirtualThreadExecutor.warmUp();
    }

    /** Which kind of executor {@link #blocking()} is, for the start-up log. */
    static String blockingKind() {
        return VirtualThreadExecutor.isSupported() ? "virtual threads" : "platform threads";
    }

    ServerStats.PoolStats cpuStats() {
        BoundedExecutor pool = cpu;
        return pool == null ? new ServerStats.PoolStats("cpu", false, 0, 0, 0, 0) : pool.stats();
    }

    ServerStats.PoolStats blockingStats() {
        BoundedExecutor pool = blocking;
        return pool == null ? new ServerStats.PoolStats("blocking", false, 0, 0, 0, 0) : pool.stats();
    }

    /** Stops both executors after their queued and running tasks finish, waiting up to {@code grace} for each. */
    void shutdown(Duration grace) {
        BoundedExecutor cpuPool;
        BoundedExecutor blockingPool;
        synchronized (this) {
            closed = true;
            cpuPool = cpu;
            blockingPool = blocking;
        }
        if (cpuPool != null) {
            cpuPool.shutdown(grace);
        }
        if (blockingPool != null) {
            blockingPool.shutdown(grace);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new java.util.concurrent.RejectedExecutionException("server is shut down");
        }
    }
}
