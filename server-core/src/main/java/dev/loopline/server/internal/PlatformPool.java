package dev.loopline.server.internal;

import dev.loopline.server.ServerStats;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.RejectedExecutionException;

/** A fixed pool of platform threads over a bounded queue: the CPU pool, and the blocking pool on JDK 17. */
final class PlatformPool implements BoundedExecutor {

    private final String name;
    private final ThreadPoolExecutor executor;
    private final LongAdder rejected = new LongAdder();

    PlatformPool(String name, int threads, int queueCapacity) {
        this.name = name;
        BlockingQueue<Runnable> queue = queueCapacity == 0 ? new SynchronousQueue<>()
                : new ArrayBlockingQueue<>(queueCapacity);
        // Threads start with the first tasks and then stay: each start happens on the submitting loop, so it
        // must happen once per thread, not again after every idle spell.
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, queue,
                threadFactory("loopline-" + name + "-"), new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            rejected.increment();
            throw e;
        }
    }

    @Override
    public ServerStats.PoolStats stats() {
        return new ServerStats.PoolStats(name, true, executor.getQueue().size(), executor.getActiveCount(),
                rejected.sum(), executor.getCompletedTaskCount());
    }

    @Override
    public void shutdown(Duration grace) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
                executor.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    static ThreadFactory threadFactory(String prefix) {
        AtomicInteger next = new AtomicInteger(1);
        return task -> {
            Thread thread = new Thread(task, prefix + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }
}
