package dev.loopline.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loopline.server.ServerStats;
import dev.loopline.testsupport.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The blocking executor on virtual threads (JDK 21+; the build runs this class on the second JDK): waiting tasks
 * start in the order they were submitted, and once {@code shutdown} has returned no task runs without its interrupt.
 */
class VirtualThreadExecutorTest {

    @BeforeEach
    void needsVirtualThreads() {
        assumeTrue(VirtualThreadExecutor.isSupported(), "virtual threads need JDK 21+; the second-jdk run has them");
    }

    @Test
    void waitingTasksStartInTheOrderTheyWereSubmitted() throws Exception {
        VirtualThreadExecutor executor = new VirtualThreadExecutor(1, 10_000);
        List<Integer> started = new ArrayList<>();
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        executor.execute(() -> {
            firstRunning.countDown();
            await(releaseFirst);
        });
        assertTrue(firstRunning.await(10, TimeUnit.SECONDS));
        int tasks = 2000;
        for (int i = 0; i < tasks; i++) {
            int index = i;
            executor.execute(() -> {
                synchronized (started) {
                    started.add(index);
                }
            });
            if (i == tasks / 4) {
                releaseFirst.countDown(); // permits now circulate while tasks are still being submitted
            }
        }
        Await.until("all tasks ran", () -> executor.stats().completed() == tasks + 1, executor::stats);
        synchronized (started) {
            assertEquals(tasks, started.size());
            for (int i = 0; i < tasks; i++) {
                int at = i;
                assertEquals(i, started.get(i), () -> "with one slot, waiting tasks start first come, first served;"
                        + " started " + started.subList(Math.max(0, at - 3), Math.min(tasks, at + 4)) + " around "
                        + at);
            }
        }
        executor.shutdown(Duration.ofSeconds(1));
    }

    /**
     * After {@code shutdown} returns no queued task starts, and a task already handed its thread is interrupted (a
     * task whose body begins just after shutdown returned sees the interrupt). Before the fix a task admitted while
     * shutdown ran could get a thread shutdown never interrupted: it then ran on, long after.
     */
    @Test
    void afterShutdownNoTaskRunsWithoutTheInterrupt() throws Exception {
        for (int round = 0; round < 200; round++) {
            VirtualThreadExecutor executor = new VirtualThreadExecutor(1, 1000);
            AtomicBoolean shutDown = new AtomicBoolean();
            AtomicInteger startedAfterShutdown = new AtomicInteger();
            AtomicInteger submitted = new AtomicInteger();
            CountDownLatch hold = new CountDownLatch(1);
            Runnable task = () -> {
                if (shutDown.get() && !Thread.currentThread().isInterrupted()) {
                    startedAfterShutdown.incrementAndGet();
                }
                await(hold); // interrupted by shutdown, or released below
            };
            List<Thread> submitters = new ArrayList<>();
            for (int i = 0; i < 4; i++) { // several, so that executes are in flight when shutdown comes
                Thread submitter = new Thread(() -> {
                    try {
                        while (true) {
                            executor.execute(task);
                            submitted.incrementAndGet();
                        }
                    } catch (RejectedExecutionException shutDownNow) {
                        // the end of submitting
                    }
                });
                submitter.start();
                submitters.add(submitter);
            }
            Await.until("some tasks submitted", () -> submitted.get() >= 8);
            executor.shutdown(Duration.ZERO);
            shutDown.set(true);
            for (Thread submitter : submitters) {
                submitter.join();
            }
            hold.countDown();
            Await.until("the executor is idle", () -> idle(executor.stats()), executor::stats);
            assertEquals(0, startedAfterShutdown.get(), "round " + round + ": tasks ran uninterrupted after shutdown returned");
            assertThrows(RejectedExecutionException.class, () -> executor.execute(task));
        }
    }

    private static boolean idle(ServerStats.PoolStats stats) {
        return stats.queueDepth() == 0 && stats.active() == 0;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
