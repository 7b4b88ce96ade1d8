package dev.loopline.server.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.loopline.server.Handler;
import dev.loopline.server.Http2Config;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Offload;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.ServerStats;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.LogCapture;
import dev.loopline.testsupport.protocols.Protocol;
import dev.loopline.testsupport.protocols.ProtocolClient;
import dev.loopline.testsupport.protocols.Served;
import dev.loopline.testsupport.protocols.WireRequest;
import dev.loopline.testsupport.protocols.WireResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One API, three protocols: limits, handler failures, the handler timeout and a full offload queue give the same
 * statuses and problem+json bodies on HTTP/1.1, h2c and h2. On HTTP/2 each is an answer on its stream: the
 * connection goes on (asserted on h2c, where the test owns the connection).
 */
class OneApiErrorsTest {

    private static final Handler OK = request -> Response.text("ok " + request.path()).completed();

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aBodyOverTheLimitIs413(Protocol protocol) throws Exception {
        try (Served served = Served.start(protocol, ServerConfig.builder().maxBodyBytes(100), OK)) {
            WireResponse announced = served.send(WireRequest.post("/upload", new byte[101]));
            assertProblem(announced, 413, "exceeds the limit of 100 bytes");
            assertStillServing(served);

            WireResponse streamed = served.send(WireRequest.of("POST", "/upload")
                    .streamedBody(List.of(new byte[60], new byte[60])));
            assertProblem(streamed, 413, "exceeds the limit of 100 bytes");
            assertStillServing(served);
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aHeaderSectionOverTheLimitIs431(Protocol protocol) throws Exception {
        // 8500 bytes: over both limits, and under 1.25 times the HTTP/2 one (past that, HTTP/2 may GOAWAY instead)
        ServerConfig.Builder config = ServerConfig.builder().maxHeaderBytes(8192)
                .http2(Http2Config.builder().maxHeaderListBytes(8192).build());
        try (Served served = Served.start(protocol, config, OK)) {
            WireResponse response = served.send(WireRequest.get("/big").header("X-Big", "b".repeat(8500)));
            assertEquals(431, response.status(), response.toString());
            assertStillServing(served);
            assertEquals(200, served.send(WireRequest.get("/small").header("X-Big", "b".repeat(7000))).status(),
                    "under the limit is fine");
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aHandlerThatThrowsGives500ProblemJsonAndOneErrorLine(Protocol protocol) throws Exception {
        Handler handler = request -> {
            if (request.path().equals("/throws")) {
                throw new IllegalStateException("secret internal state");
            }
            if (request.path().equals("/teapot")) {
                return CompletableFuture.failedFuture(new HttpStatusException(418, "short and stout"));
            }
            return OK.handle(request);
        };
        try (Served served = Served.start(protocol, handler);
             LogCapture log = LogCapture.of("dev.loopline")) {
            WireResponse response = served.send(WireRequest.get("/throws"));
            assertProblem(response, 500, "");
            assertFalse(response.bodyText().contains("secret"), "no exception message in the body: " + response);
            assertFalse(response.bodyText().contains("at dev.loopline"), "no stack trace in the body: " + response);
            Await.until("one ERROR line", () -> !log.events(Level.ERROR).isEmpty());
            assertEquals(1, log.events(Level.ERROR).size(), log.events(Level.ERROR).toString());
            assertTrue(log.events(Level.ERROR).get(0).getFormattedMessage().contains("GET /throws"),
                    log.events(Level.ERROR).toString());
            assertStillServing(served);

            assertProblem(served.send(WireRequest.get("/teapot")), 418, "short and stout");
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aHandlerThatNeverAnswersGets503AfterTheHandlerTimeout(Protocol protocol) throws Exception {
        Handler handler = request -> request.path().equals("/stuck") ? new CompletableFuture<>() : OK.handle(request);
        try (Served served = Served.start(protocol, ServerConfig.builder().handlerTimeout(Duration.ofMillis(300)),
                handler)) {
            assertProblem(served.send(WireRequest.get("/stuck")), 503, "");
            assertStillServing(served);
            Await.until("nothing in flight", () -> served.server().stats().requestsInFlight() == 0,
                    () -> served.server().stats());
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aFullOffloadQueueGives503WithRetryAfter(Protocol protocol) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Handler waiting = Offload.cpu(request -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Response.text("released " + request.path()).completed();
        });
        try (Served served = Served.start(protocol, ServerConfig.builder().cpuThreads(1).cpuQueueCapacity(1),
                waiting);
             AutoCloseable releasedFirst = release::countDown) { // before close(), which would wait for them
            CompletableFuture<WireResponse> running = served.sendAsync(WireRequest.get("/1"));
            waitFor(served, stats -> stats.cpuPool().active() == 1, running);
            CompletableFuture<WireResponse> queued = served.sendAsync(WireRequest.get("/2"));
            waitFor(served, stats -> stats.cpuPool().queueDepth() == 1, running, queued);

            WireResponse refused = served.send(WireRequest.get("/3"));
            assertProblem(refused, 503, "cpu pool is full");
            assertEquals("1", refused.header("Retry-After").orElseThrow(), refused.toString());
            release.countDown();
            assertEquals("released /1", ProtocolClient.await(running).bodyText());
            assertEquals("released /2", ProtocolClient.await(queued).bodyText());
            assertEquals("released /4", served.send(WireRequest.get("/4")).bodyText(), "normal service afterwards");
            assertEquals(1, served.server().stats().cpuPool().rejected());
        }
    }

    /** Waits for the stats; a request that ended meanwhile (failed, most likely) ends the wait with its outcome. */
    @SafeVarargs
    static void waitFor(Served served, Predicate<ServerStats> condition, CompletableFuture<WireResponse>... pending)
            throws Exception {
        Await.until("the server's stats to reach the expected state", () -> condition.test(served.server().stats())
                || java.util.Arrays.stream(pending).anyMatch(CompletableFuture::isDone), () -> served.server().stats());
        for (CompletableFuture<WireResponse> request : pending) {
            if (request.isDone()) {
                throw new AssertionError("a request ended before it could be held: " + ProtocolClient.await(request));
            }
        }
    }

    static void assertProblem(WireResponse response, int status, String detailPart) {
        assertEquals(status, response.status(), response.toString());
        assertEquals("application/problem+json", response.header("Content-Type").orElse(null), response.toString());
        assertTrue(response.bodyText().contains("\"status\":" + status), response.toString());
        assertTrue(response.bodyText().contains(detailPart), response.toString());
    }

    /** The next request is served; on h2c, on the same connection (a stream's error is not the connection's). */
    static void assertStillServing(Served served) throws Exception {
        assertEquals(200, served.send(WireRequest.get("/next")).status());
        if (served.protocol() == Protocol.H2C) {
            assertTrue(served.netty().isOpen(), "the h2c connection is still open");
            assertTrue(served.netty().goAway().isEmpty(), "no GOAWAY: " + served.netty().goAway());
        }
    }
}
