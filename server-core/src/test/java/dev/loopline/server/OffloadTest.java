package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Offload: bounded pools, 503 when full, order and loop-affinity of responses, skipped work for gone clients. */
class OffloadTest {

    private static final String GET = "GET %s HTTP/1.1\r\nHost: a\r\n\r\n";

    private static void waitFor(HttpServer server, Predicate<ServerStats> condition) {
        Await.until("the server's stats to reach the expected state", () -> condition.test(server.stats()),
                server::stats);
    }

    private static Handler waitingFor(CountDownLatch release) {
        return request -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Response.text("released " + request.path()).completed();
        };
    }

    @Test
    void aFullCpuQueueGives503WithRetryAfterAndServesNormallyAfterwards() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (HttpServer server = TestServers.start(ServerConfig.builder().cpuThreads(1).cpuQueueCapacity(1),
                Offload.cpu(waitingFor(release)));
             RawClient running = new RawClient(server.port());
             RawClient queued = new RawClient(server.port());
             RawClient refused = new RawClient(server.port())) {
            assertFalse(server.stats().cpuPool().started(), "pools start lazily");
            running.send(String.format(GET, "/1"));
            waitFor(server, stats -> stats.cpuPool().active() == 1);
            queued.send(String.format(GET, "/2"));
            waitFor(server, stats -> stats.cpuPool().queueDepth() == 1);

            RawResponse response = refused.exchange(String.format(GET, "/3"));
            assertEquals(503, response.status());
            assertEquals("1", response.header("Retry-After"));
            assertEquals("application/problem+json", response.header("Content-Type"));
            assertTrue(response.bodyText().contains("cpu pool is full"), response.bodyText());
            assertEquals(1, server.stats().cpuPool().rejected());

            release.countDown();
            assertEquals("released /1", running.readResponse().bodyText());
            assertEquals("released /2", queued.readResponse().bodyText());
            assertEquals(200, refused.exchange(String.format(GET, "/4")).status(), "normal service once the load is gone");
            assertEquals(1, server.stats().cpuPool().rejected());
        }
    }

    @Test
    void aFullBlockingExecutorGives503Too() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (HttpServer server = TestServers.start(ServerConfig.builder().blockingConcurrency(1)
                        .blockingQueueCapacity(1), Offload.blocking(waitingFor(release)));
             RawClient running = new RawClient(server.port());
             RawClient queued = new RawClient(server.port());
             RawClient refused = new RawClient(server.port())) {
            running.send(String.format(GET, "/1"));
            waitFor(server, stats -> stats.blockingPool().active() == 1);
            queued.send(String.format(GET, "/2"));
            waitFor(server, stats -> stats.blockingPool().queueDepth() == 1);
            RawResponse response = refused.exchange(String.format(GET, "/3"));
            assertEquals(503, response.status());
            assertEquals("1", response.header("Retry-After"));
            assertEquals(1, server.stats().blockingPool().rejected());
            release.countDown();
            assertEquals(200, running.readResponse().status());
            assertEquals(200, queued.readResponse().status());
        }
    }

    @Test
    void blockingWorkRunsOnVirtualThreadsWhereTheJdkHasThem() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (HttpServer server = TestServers.start(Offload.blocking(request -> {
            Thread thread = Thread.currentThread();
            seen.add(thread.getName() + " virtual=" + isVirtual(thread));
            return Response.text("ok").completed();
        })); RawClient client = new RawClient(server.port())) {
            assertEquals(200, client.exchange(String.format(GET, "/")).status());
        }
        boolean virtualThreads = Runtime.version().feature() >= 21;
        assertEquals(1, seen.size());
        assertTrue(seen.get(0).startsWith("loopline-blocking-"), seen.get(0));
        assertTrue(seen.get(0).endsWith("virtual=" + virtualThreads),
                "JDK " + Runtime.version().feature() + ": " + seen.get(0));
    }

    @Test
    void cpuWorkRunsOnTheNamedCpuPool() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (HttpServer server = TestServers.start(Offload.cpu(request -> {
            seen.add(Thread.currentThread().getName());
            return Response.text("ok").completed();
        })); RawClient client = new RawClient(server.port())) {
            assertEquals(200, client.exchange(String.format(GET, "/")).status());
            assertTrue(server.stats().cpuPool().started());
        }
        assertTrue(seen.get(0).startsWith("loopline-cpu-"), seen.get(0));
        waitForThreadsToEnd("loopline-cpu-");
    }

    @Test
    void stagesCompletedFromForeignThreadsAreWrittenOnTheLoopInRequestOrder() throws Exception {
        assertTrue(Class.forName("dev.loopline.server.internal.RequestDispatcher").desiredAssertionStatus(),
                "the dispatcher asserts that it completes on its loop: run tests with -ea");
        ExecutorService foreign = java.util.concurrent.Executors.newFixedThreadPool(4);
        try (HttpServer server = TestServers.start(request -> {
            CompletableFuture<Response> result = new CompletableFuture<>();
            int delay = Integer.parseInt(request.path().substring(1));
            foreign.execute(() -> {
                sleep(delay);
                result.complete(Response.text("r" + delay));
            });
            return result;
        }); RawClient client = new RawClient(server.port())) {
            StringBuilder pipeline = new StringBuilder();
            int[] delays = {40, 5, 30, 0, 20, 10};
            for (int delay : delays) {
                pipeline.append(String.format(GET, "/" + delay));
            }
            client.send(pipeline.toString());
            for (int delay : delays) {
                assertEquals("r" + delay, client.readResponse().bodyText());
            }
        } finally {
            foreign.shutdownNow();
        }
    }

    @Test
    void queuedWorkOfAClientThatHasGoneIsNotStarted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger goneHandled = new AtomicInteger();
        Handler handler = Offload.cpu(request -> {
            if (request.path().equals("/gone")) {
                goneHandled.incrementAndGet();
                return Response.text("too late").completed();
            }
            return waitingFor(release).handle(request);
        });
        try (HttpServer server = TestServers.start(ServerConfig.builder().cpuThreads(1).cpuQueueCapacity(10), handler);
             RawClient busy = new RawClient(server.port())) {
            busy.send(String.format(GET, "/busy"));
            waitFor(server, stats -> stats.cpuPool().active() == 1);
            try (RawClient leaving = new RawClient(server.port())) {
                leaving.send(String.format(GET, "/gone"));
                waitFor(server, stats -> stats.cpuPool().queueDepth() == 1);
                // gone for good: a reset. (A FIN alone is a half-close, whose requests are still answered.)
                leaving.socket().setSoLinger(true, 0);
            }
            waitFor(server, stats -> stats.openConnections() == 1); // the server has seen the client go
            release.countDown();
            assertEquals("released /busy", busy.readResponse().bodyText());
            waitFor(server, stats -> stats.cpuPool().queueDepth() == 0 && stats.cpuPool().active() == 0);
            assertEquals(0, goneHandled.get(), "work for a client that has gone is skipped");
            Await.until("the gone client's request is no longer in flight",
                    () -> server.stats().requestsInFlight() == 0, server::stats);
        }
    }

    @Test
    void userExecutorRejectionBecomes503() throws Exception {
        ThreadPoolExecutor tiny = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1));
        CountDownLatch release = new CountDownLatch(1);
        try (HttpServer server = TestServers.start(Offload.on(tiny, waitingFor(release)));
             RawClient first = new RawClient(server.port());
             RawClient second = new RawClient(server.port());
             RawClient third = new RawClient(server.port())) {
            first.send(String.format(GET, "/1"));
            second.send(String.format(GET, "/2"));
            Await.until("one task queued in the user's executor", () -> tiny.getQueue().size() >= 1);
            RawResponse response = third.exchange(String.format(GET, "/3"));
            assertEquals(503, response.status());
            assertEquals("1", response.header("Retry-After"));
            release.countDown();
            assertEquals(200, first.readResponse().status());
            assertEquals(200, second.readResponse().status());
        } finally {
            tiny.shutdownNow();
        }
    }

    @Test
    void offloadWorksWithoutAServerForUnitTests() throws Exception {
        Handler handler = Offload.cpu(request -> Response.text(Thread.currentThread().getName()).completed());
        Response response = handler.handle(Request.builder("GET", "/").build()).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertTrue(response.body().asString().startsWith("loopline-cpu-"), response.body().asString());
    }

    private static boolean isVirtual(Thread thread) {
        try {
            return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
        } catch (ReflectiveOperationException e) {
            return false; // JDK 17: no virtual threads
        }
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitForThreadsToEnd(String prefix) throws InterruptedException {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(prefix) && !thread.getName().startsWith(prefix + "standalone")) {
                thread.join(5_000);
                assertFalse(thread.isAlive(), thread.getName() + " survived close()");
            }
        }
    }
}
