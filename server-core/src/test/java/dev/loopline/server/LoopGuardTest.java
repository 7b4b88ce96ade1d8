package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.LogCapture;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.TestServers;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The loop guard: one WARN per blocked episode, with the blocking frame; lag exposed as numbers. */
class LoopGuardTest {

    private static final String GUARD_LOGGER = "dev.loopline.loopguard";

    /** Deliberately the anti-pattern: blocks whichever thread runs it. */
    static CompletionStage<Response> sleepThreeHundredMillis(Request request) {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Response.text("slept").completed();
    }

    private static HttpServer start(Handler handler) {
        return TestServers.start(ServerConfig.builder().eventLoops(1).loopGuardThreshold(Duration.ofMillis(100)),
                handler);
    }

    private static void get(HttpServer server, String path) throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            assertEquals(200, client.exchange("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n").status());
        }
    }

    @Test
    void sleepingOnTheLoopGivesExactlyOneWarnWithTheSleepingFrame() throws Exception {
        try (LogCapture log = LogCapture.of(GUARD_LOGGER);
             HttpServer server = start(LoopGuardTest::sleepThreeHundredMillis)) {
            get(server, "/blocking-on-loop");
            waitUntilTheLoopHasCaughtUp(server);

            List<ILoggingEvent> warnings = log.events(Level.WARN);
            assertEquals(1, warnings.size(), "one WARN for the episode, not one per guard tick: " + warnings);
            ILoggingEvent warning = warnings.get(0);
            assertTrue(warning.getFormattedMessage().contains("loopline-loop-1"), warning.getFormattedMessage());
            assertTrue(warning.getFormattedMessage().contains("GET /blocking-on-loop"), warning.getFormattedMessage());
            assertNotNull(warning.getThrowableProxy(), "the WARN carries the loop thread's stack");
            String stack = Arrays.stream(warning.getThrowableProxy().getStackTraceElementProxyArray())
                    .map(StackTraceElementProxy::getSTEAsString).collect(Collectors.joining("\n"));
            assertTrue(stack.contains("java.lang.Thread.sleep"), stack);
            assertTrue(stack.contains("LoopGuardTest.sleepThreeHundredMillis"), "the exact frame that blocked:\n" + stack);

            ServerStats stats = server.stats();
            assertEquals(1, stats.blockedEpisodes());
            assertTrue(stats.maxLag().compareTo(Duration.ofMillis(250)) >= 0, "max lag " + stats.maxLag());
            assertEquals(1, stats.loops().size());
            assertEquals("loopline-loop-1", stats.loops().get(0).thread());

            get(server, "/again"); // a later, separate episode is reported again
            waitUntilTheLoopHasCaughtUp(server);
            assertEquals(2, log.events(Level.WARN).size());
            assertEquals(2, server.stats().blockedEpisodes());
        }
    }

    /** Waits for a heartbeat to run after the episode, so that the next block is a separate episode. */
    private static void waitUntilTheLoopHasCaughtUp(HttpServer server) {
        Await.until("a heartbeat has run after the episode", () -> server.stats().blockedEpisodes() > 0
                && server.stats().loops().get(0).currentLag().compareTo(Duration.ofMillis(50)) <= 0, server::stats);
    }


    @Test
    void theSameWorkOffloadedToTheCpuPoolGivesNoWarning() throws Exception {
        assertNoWarning(Offload.cpu(LoopGuardTest::sleepThreeHundredMillis));
    }

    @Test
    void theSameWorkOffloadedToTheBlockingExecutorGivesNoWarning() throws Exception {
        assertNoWarning(Offload.blocking(LoopGuardTest::sleepThreeHundredMillis));
    }

    private static void assertNoWarning(Handler handler) throws Exception {
        try (HttpServer server = start(handler)) {
            get(server, "/warm-up"); // starts the pool's first thread: a one-time cost, paid outside the window
            long episodesBefore = server.stats().blockedEpisodes();
            try (LogCapture log = LogCapture.of(GUARD_LOGGER)) {
                get(server, "/offloaded");
                get(server, "/offloaded");
                assertEquals(List.of(), log.events(Level.WARN));
            }
            assertEquals(episodesBefore, server.stats().blockedEpisodes());
        }
    }

    @Test
    void aZeroThresholdSwitchesTheGuardOff() throws Exception {
        try (LogCapture log = LogCapture.of(GUARD_LOGGER);
             HttpServer server = TestServers.start(ServerConfig.builder().eventLoops(1)
                     .loopGuardThreshold(Duration.ZERO), LoopGuardTest::sleepThreeHundredMillis)) {
            get(server, "/blocking-on-loop");
            assertEquals(List.of(), log.events(Level.WARN));
            assertEquals(0, server.stats().blockedEpisodes());
        }
    }

    @Test
    void lagIsMeasuredOnEveryLoop() throws Exception {
        try (HttpServer server = TestServers.start(ServerConfig.builder().eventLoops(2),
                request -> Response.text("ok").completed())) {
            get(server, "/");
            ServerStats stats = server.stats();
            assertEquals(List.of("loopline-loop-1", "loopline-loop-2"),
                    stats.loops().stream().map(ServerStats.LoopStats::thread).collect(Collectors.toList()));
            for (ServerStats.LoopStats loop : stats.loops()) {
                assertTrue(!loop.lagP50().isNegative() && loop.lagP50().compareTo(loop.lagP99()) <= 0, loop.toString());
                assertTrue(loop.lagP99().compareTo(loop.lagP999()) <= 0, loop.toString());
            }
        }
    }
}
