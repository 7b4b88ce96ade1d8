package dev.loopline.server.internal;

import dev.loopline.server.ServerStats;
import java.time.Duration;
import java.util.concurrent.Executor;

/** An executor with a hard bound on queued work: past it, {@code execute} throws RejectedExecutionException. */
interface BoundedExecutor extends Executor {

    ServerStats.PoolStats stats();

    /** Refuses new tasks, waits up to {@code grace} for queued and running ones, then interrupts the rest. */
    void shutdown(Duration grace);
}
