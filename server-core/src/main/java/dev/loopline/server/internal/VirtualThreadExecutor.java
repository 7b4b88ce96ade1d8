package dev.loopline.server.internal;

import dev.loopline.server.ServerStats;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One virtual thread per task (JDK 21+, found at run time), at most {@code concurrency} running and at most
 * {@code queueCapacity} waiting for a permit; a waiting task parks its virtual thread, not a platform thread.
 */
final class VirtualThreadExecutor implements BoundedExecutor {

    private static final ThreadFactory FACTORY = virtualThreadFactory();

    private final Semaphore permits;
    private final int limit;
    private final AtomicInteger pending = new AtomicInteger(); // waiting + running
    private final AtomicInteger running = new AtomicInteger();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private volatile boolean shutdown;

    VirtualThreadExecutor(int concurrency, int queueCapacity) {
        this.permits = new Semaphore(concurrency);
        this.limit = concurrency + queueCapacity;
    }

    /**
     * Loads what the first virtual thread needs (the JDK's scheduler, classes, reflection) on the calling thread,
     * so that the pool's lazy start on an event loop costs microseconds, not the 100+ ms the loop guard saw.
     */
    static void warmUp() {
        if (FACTORY == null) {
            return;
        }
        Thread thread = FACTORY.newThread(() -> { });
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True when this JVM has virtual threads (JDK 21+). */
    static boolean isSupported() {
        return FACTORY != null;
    }

    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException("blocking executor is shut down");
        }
        int admitted;
        do { // never above the limit, not even for a moment: stats() reads this count
            admitted = pending.get();
            if (admitted >= limit) {
                rejected.increment();
                throw new RejectedExecutionException("blocking executor is full");
            }
        } while (!pending.compareAndSet(admitted, admitted + 1));
        Thread thread = FACTORY.newThread(() -> run(task));
        threads.add(thread);
        thread.start();
    }

    private void run(Runnable task) {
        try {
            permits.acquire();
            running.incrementAndGet();
            try {
                task.run();
            } finally {
                running.decrementAndGet();
                permits.release();
                completed.increment();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shut down while waiting for a permit: the task never starts
        } finally {
            threads.remove(Thread.currentThread());
            synchronized (this) {
                if (pending.decrementAndGet() == 0) {
                    notifyAll();
                }
            }
        }
    }

    @Override
    public ServerStats.PoolStats stats() {
        int active = running.get();
        return new ServerStats.PoolStats("blocking", true, Math.max(0, pending.get() - active), active,
                rejected.sum(), completed.sum());
    }

    @Override
    public void shutdown(Duration grace) {
        shutdown = true;
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            synchronized (this) {
                long left;
                while (pending.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.forEach(Thread::interrupt);
    }

    private static ThreadFactory virtualThreadFactory() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            builder = builderType.getMethod("name", String.class, long.class).invoke(builder, "loopline-blocking-", 1L);
            Method factory = builderType.getMethod("factory");
            return (ThreadFactory) factory.invoke(builder);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null; // JDK 17-20: no virtual threads
        }
    }
}
