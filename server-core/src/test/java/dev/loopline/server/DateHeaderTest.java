package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code Date} field is right to the second on every loop, also while another loop (whichever one kept a
 * timer for it) is blocked: a field refreshed by a timer on one loop goes stale while that loop is held.
 */
class DateHeaderTest {

    private static final String GET = "GET %s HTTP/1.1\r\nHost: a\r\n\r\n";

    private volatile CountDownLatch blocking = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(1);

    private Response handle(Request request) {
        if (request.path().equals("/block")) {
            blocking.countDown();
            try {
                release.await(30, TimeUnit.SECONDS); // holds this loop, on purpose
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Response.text(Thread.currentThread().getName());
    }

    @Test
    void everyLoopSendsTheCurrentSecondWhileAnotherLoopIsBlocked() throws Exception {
        ServerConfig.Builder config = ServerConfig.builder().eventLoops(2).loopGuardThreshold(Duration.ZERO);
        try (HttpServer server = TestServers.start(config, request -> handle(request).completed());
             RawClient first = new RawClient(server.port());
             RawClient second = connectionOnTheOtherLoop(server.port(), loopOf(first))) {
            assertDateIsCurrentWhileTheOtherLoopIsBlocked(first, second);
            assertDateIsCurrentWhileTheOtherLoopIsBlocked(second, first);
        }
    }

    /** Blocks the loop of {@code blocked} across two second boundaries, then asks {@code other} for a Date. */
    private void assertDateIsCurrentWhileTheOtherLoopIsBlocked(RawClient blocked, RawClient other) throws Exception {
        blocking = new CountDownLatch(1);
        release = new CountDownLatch(1);
        blocked.send(String.format(GET, "/block"));
        assertTrue(blocking.await(10, TimeUnit.SECONDS), "the blocking request never reached its handler");
        long blockedInSecond = System.currentTimeMillis() / 1000;
        while (System.currentTimeMillis() / 1000 < blockedInSecond + 2) {
            Thread.sleep(50);
        }
        long before = System.currentTimeMillis() / 1000;
        RawResponse response = other.exchange(String.format(GET, "/date"));
        long after = System.currentTimeMillis() / 1000;
        release.countDown();
        assertEquals(200, blocked.readResponse().status());
        long date = ZonedDateTime.parse(response.header("Date"), DateTimeFormatter.RFC_1123_DATE_TIME)
                .toEpochSecond();
        assertTrue(date >= before && date <= after, "Date " + response.header("Date") + " is not the current second ("
                + before + ".." + after + ", was " + date + ")");
    }

    private static String loopOf(RawClient client) throws Exception {
        return client.exchange(String.format(GET, "/loop")).bodyText();
    }

    private static RawClient connectionOnTheOtherLoop(int port, String taken) throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            RawClient client = new RawClient(port);
            if (!loopOf(client).equals(taken)) {
                return client;
            }
            client.close();
        }
        assertNotEquals(taken, taken, "no connection landed on the second loop in 20 attempts");
        return null;
    }
}
