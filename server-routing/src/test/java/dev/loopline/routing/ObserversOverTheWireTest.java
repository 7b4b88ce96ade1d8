package dev.loopline.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.loopline.server.Body;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.LogCapture;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.TestServers;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The access log and metrics as exchange observers: a streamed download is logged and timed at its last byte with
 * the bytes that went out; one the client leaves is ABANDONED with what went out; the loop time per route is a timer.
 */
class ObserversOverTheWireTest {

    private static final int CHUNKS = 200;
    private static final int CHUNK = 8 * 1024;

    /** {@code count} chunks of {@code size} bytes, one per request(n) unit, made on the subscriber's demand. */
    static Flow.Publisher<ByteBuffer> chunks(long count, int size) {
        return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            private long sent;
            private boolean done;

            @Override
            public synchronized void request(long n) {
                for (long i = 0; i < n && !done; i++) {
                    if (sent == count) {
                        done = true;
                        subscriber.onComplete();
                        return;
                    }
                    sent++;
                    subscriber.onNext(ByteBuffer.wrap(new byte[size]));
                }
            }

            @Override
            public synchronized void cancel() {
                done = true;
            }
        });
    }

    private static HttpServer start(SimpleMeterRegistry registry) {
        Router router = Router.builder()
                .get("/export/{name}", request -> Response.of(200, "text/csv",
                        Body.stream(chunks(CHUNKS, CHUNK))).completed())
                .get("/forever", request -> Response.of(200, "text/plain",
                        Body.stream(chunks(Long.MAX_VALUE, CHUNK))).completed())
                .build();
        return TestServers.start(ServerConfig.builder().observer(AccessLog.observer())
                .observer(Metrics.observer(registry)), router);
    }

    @Test
    void aStreamedDownloadIsLoggedAndTimedAtItsLastByte() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LogCapture log = LogCapture.of(AccessLog.LOGGER_NAME);
             HttpServer server = start(registry);
             RawClient client = new RawClient(server.port())) {
            assertEquals(CHUNKS * CHUNK, client.exchange("GET /export/users?token=secret HTTP/1.1\r\nHost: a\r\n\r\n")
                    .body().length);
            Await.until("one access line", () -> lines(log).size() == 1, () -> lines(log));
            Await.until("the exchange is timed", () -> registry.find(Metrics.RESPONSE_BYTES).summaries().stream()
                    .mapToLong(DistributionSummary::count).sum() == 1, registry::getMetersAsString);
            String line = lines(log).get(0);
            assertTrue(line.startsWith("method=GET path=/export/users route=/export/{name} status=200 bytesIn=0 bytes="
                    + CHUNKS * CHUNK + " durationMicros="), line);
            assertTrue(line.contains(" loopMicros=") && line.endsWith(" outcome=COMPLETED requestId=-"), line);
            assertTrue(!line.contains("secret"), "no query in the default access log: " + line);

            Timer requests = registry.find(Metrics.REQUESTS).tag("route", "/export/{name}").tag("status", "200")
                    .tag("outcome", "SUCCESS").timer();
            assertNotNull(requests, registry.getMetersAsString());
            assertEquals(1, requests.count());
            Timer loop = registry.find(Metrics.LOOP_TIME).tag("route", "/export/{name}").tag("method", "GET").timer();
            assertNotNull(loop, registry.getMetersAsString());
            assertEquals(1, loop.count());
            assertTrue(loop.totalTime(TimeUnit.NANOSECONDS) < requests.totalTime(TimeUnit.NANOSECONDS),
                    "the loop time is a part of the time to the last byte");
            DistributionSummary out = registry.find(Metrics.RESPONSE_BYTES).tag("route", "/export/{name}").summary();
            assertEquals(CHUNKS * CHUNK, (long) out.totalAmount());
        }
    }

    @Test
    void aDownloadTheClientLeavesIsAbandonedWithWhatWentOut() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LogCapture log = LogCapture.of(AccessLog.LOGGER_NAME); HttpServer server = start(registry)) {
            try (RawClient client = new RawClient(server.port())) {
                client.send("GET /forever HTTP/1.1\r\nHost: a\r\n\r\n");
                InputStream in = client.socket().getInputStream();
                in.readNBytes(200_000);
            }
            Await.until("one access line", () -> lines(log).size() == 1, () -> lines(log));
            String line = lines(log).get(0);
            assertTrue(line.startsWith("method=GET path=/forever route=/forever status=200 bytesIn=0 bytes="), line);
            long bytes = Long.parseLong(line.replaceAll(".* bytes=(\\d+) .*", "$1"));
            assertTrue(bytes >= 200_000, line);
            assertTrue(line.endsWith(" outcome=ABANDONED requestId=-"), line);
            Await.until("the abandoned exchange is timed", () -> registry.find(Metrics.REQUESTS)
                    .tag("route", "/forever").tag("outcome", "ABANDONED").timers().stream().mapToLong(Timer::count).sum() == 1,
                    registry::getMetersAsString);
            assertEquals(1, registry.find(Metrics.REQUESTS).tag("route", "/forever").tag("outcome", "ABANDONED")
                    .timer().count(), registry.getMetersAsString());
        }
    }

    private static List<String> lines(LogCapture log) {
        return log.events(Level.INFO).stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
    }
}
