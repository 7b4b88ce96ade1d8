package dev.loopline.server.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.HttpServer;
import dev.loopline.server.Offload;
import dev.loopline.server.ServerConfig;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.TestServers;
import org.junit.jupiter.api.Test;

/** The loop-guard assertions on a server the test starts itself. */
class LoopGuardAssertionsTest {

    private static final String GET = "GET /work HTTP/1.1\r\nHost: localhost\r\n\r\n";

    @Test
    void failsWhenALoopWasBlockedAfterTheCheckpoint() throws Exception {
        try (HttpServer server = TestServers.start(LooplineExtensionTest::sleepsHalfASecond)) {
            LoopGuardAssertions guard = LoopGuardAssertions.since(server);
            try (RawClient client = new RawClient(server.port())) {
                assertEquals(200, client.exchange(GET).status());
            }
            AssertionError failure = assertThrows(AssertionError.class, guard::assertNoLoopBlocked);
            assertTrue(failure.getMessage().startsWith("1 blocked event loop episode(s) during this test"),
                    failure.getMessage());
            assertTrue(failure.getMessage().contains("while handling GET /work"), failure.getMessage());

            LoopGuardAssertions later = LoopGuardAssertions.since(server);
            later.assertNoLoopBlocked(); // what happened before a checkpoint is not held against it
        }
    }

    @Test
    void passesWhenTheWorkIsOffloaded() throws Exception {
        try (HttpServer server = TestServers.start(Offload.blocking(LooplineExtensionTest::sleepsHalfASecond))) {
            LoopGuardAssertions guard = LoopGuardAssertions.since(server);
            try (RawClient client = new RawClient(server.port())) {
                assertEquals(200, client.exchange(GET).status());
            }
            guard.assertNoLoopBlocked();
        }
    }

    @Test
    void refusesAServerWithoutTheGuard() throws Exception {
        ServerConfig.Builder config = ServerConfig.builder().loopGuardThreshold(java.time.Duration.ZERO);
        try (HttpServer server = TestServers.start(config, LooplineExtensionTest::sleepsHalfASecond)) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> LoopGuardAssertions.since(server));
            assertTrue(refused.getMessage().contains("loopGuardThreshold 0"), refused.getMessage());
        }
    }
}
