package dev.loopline.server.test;

import dev.loopline.server.HttpServer;
import dev.loopline.server.ServerStats;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Fails a test when an event loop of a server was blocked since a checkpoint, with the blocking stack in the
 * failure. {@link LooplineExtension} runs it after every test; use it directly for a server you start yourself:
 *
 * <pre>{@code
 * LoopGuardAssertions guard = LoopGuardAssertions.since(server);
 * ... send requests ...
 * guard.assertNoLoopBlocked();
 * }</pre>
 *
 * <p>It sees every block the guard catches in the act: one longer than the server's {@code loopGuardThreshold}
 * plus one guard tick (a quarter of the threshold, at most 25 ms).
 */
public final class LoopGuardAssertions {

    private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(5);

    private final HttpServer server;
    private final String serverName;
    private final long episodesBefore;

    private LoopGuardAssertions(HttpServer server, String serverName) {
        this.server = Objects.requireNonNull(server, "server");
        this.serverName = serverName;
        if (server.config().loopGuardThreshold().isZero()) {
            throw new IllegalArgumentException("the loop guard is off (loopGuardThreshold 0): nothing to assert");
        }
        this.episodesBefore = server.stats().blockedEpisodes();
    }

    /** A checkpoint: {@link #assertNoLoopBlocked()} then looks at what happened on {@code server} after it. */
    public static LoopGuardAssertions since(HttpServer server) {
        return new LoopGuardAssertions(server, null);
    }

    /** The same, with the server's name in the failure message (a test class may serve several). */
    static LoopGuardAssertions since(HttpServer server, String serverName) {
        return new LoopGuardAssertions(server, serverName);
    }

    /**
     * Fails with an {@link AssertionError} naming the blocked loop, the request it was handling and its stack
     * if any loop was blocked since the checkpoint. Waits first until every loop has caught up, so that a block
     * that ends just as the test does is still seen.
     *
     * @throws InterruptedException if interrupted while waiting for the guard
     */
    public void assertNoLoopBlocked() throws InterruptedException {
        waitForTheGuardToCatchUp();
        ServerStats stats = server.stats();
        long episodes = stats.blockedEpisodes() - episodesBefore;
        if (episodes > 0) {
            ServerStats.BlockedEpisode last = stats.lastBlocked();
            String frames = last.stack().stream().limit(12).map(frame -> "\tat " + frame)
                    .collect(Collectors.joining("\n"));
            throw new AssertionError((serverName == null ? "" : "Loopline server '" + serverName + "': ")
                    + episodes + " blocked event loop episode(s) during this test. The last: "
                    + last.thread() + " was blocked for at least " + last.blockedFor().toMillis() + " ms"
                    + (last.request() == null ? "" : " while handling " + last.request())
                    + ". Wrap the handler with Offload.blocking(...) or Offload.cpu(...). Loop thread stack:\n"
                    + frames);
        }
    }

    private void waitForTheGuardToCatchUp() throws InterruptedException {
        Duration threshold = server.config().loopGuardThreshold();
        long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        while (System.nanoTime() < deadline && server.stats().loops().stream()
                .anyMatch(loop -> loop.currentLag().compareTo(threshold) >= 0)) {
            Thread.sleep(5);
        }
        Thread.sleep(Math.max(1, threshold.toMillis() / 4 + 5)); // one guard tick: a pending episode is recorded
    }
}
