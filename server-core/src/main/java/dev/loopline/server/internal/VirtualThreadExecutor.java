package dev.loopline.server.internal;

import dev.loopline.server.ServerStats;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One virtual thread per task (JDK 21+, found at run time), at most {@code concurrency} running and at most
 * {@code queueCapacity} waiting. A waiting task holds no thread at all: it waits in a FIFO queue and gets its
 * virtual thread when a running task ends, so tasks start in the order they were submitted (a semaphore taken by
 * one parked thread per task lets late arrivals overtake). Admission, start and shutdown share one lock, so once
 * {@link #shutdown} has returned no task starts, and every thread it has to interrupt is known to it.
 */
final class VirtualThreadExecutor implements BoundedExecutor {

    private static final ThreadFactory FACTORY = virtualThreadFactory();

    private final int concurrency;
    private final int queueCapacity;
    private final ReentrantLock lock = new ReentrantLock(); // held briefly, never while a task runs
    private final Condition idle = lock.newCondition();
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>(); // guarded by lock
    private final Set<Thread> threads = new HashSet<>();             // the running tasks' threads; guarded by lock
    private boolean shutdown;   // guarded by lock: no task is admitted any more
    private boolean terminated; // guarded by lock: no task starts any more
    private final LongAdder rejected = new LongAdder();
    private final LongAdder completed = new LongAdder();

    VirtualThreadExecutor(int concurrency, int queueCapacity) {
        this.concurrency = concurrency;
        this.queueCapacity = queueCapacity;
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
        lock.lock();
        try {
            if (shutdown) {
                throw new RejectedExecutionException("blocking executor is shut down");
            }
            if (threads.size() < concurrency) {
                start(task);
            } else if (waiting.size() < queueCapacity) {
                waiting.addLast(task);
            } else {
                rejected.increment();
                throw new RejectedExecutionException("blocking executor is full");
            }
        } finally {
            lock.unlock();
        }
    }

    /** Starts {@code task} on a new virtual thread, registered before it runs; lock held. */
    private void start(Runnable task) {
        Thread thread = FACTORY.newThread(() -> run(task));
        threads.add(thread);
        try {
            thread.start();
        } catch (RuntimeException | Error notStarted) {
            threads.remove(thread);
            throw notStarted;
        }
    }

    private void run(Runnable task) {
        try {
            if (!isTerminated()) { // started just before shutdown ended: not begun, so not run at all
                task.run();
            }
        } finally {
            completed.increment();
            lock.lock();
            try {
                threads.remove(Thread.currentThread());
                Runnable next = terminated ? null : waiting.pollFirst();
                if (next != null) {
                    start(next); // first come, first served
                } else if (threads.isEmpty() && waiting.isEmpty()) {
                    idle.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private boolean isTerminated() {
        lock.lock();
        try {
            return terminated;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ServerStats.PoolStats stats() {
        lock.lock();
        try {
            return new ServerStats.PoolStats("blocking", true, waiting.size(), threads.size(), rejected.sum(),
                    completed.sum());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void shutdown(Duration grace) {
        lock.lock();
        try {
            shutdown = true;
            long left = grace.toNanos();
            while (!(threads.isEmpty() && waiting.isEmpty()) && left > 0) { // queued tasks still start meanwhile
                left = idle.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            terminated = true;
            waiting.clear(); // never started
            threads.forEach(Thread::interrupt);
            lock.unlock();
        }
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
