package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Cancellation travels with the request, not with the identity of the stage that reaches the server: work of a
 * timed-out request that has not started never starts, however many filters wrapped its stage; running work is
 * interrupted only when the route asked for it.
 */
class CancellationTest {

    private static final String GET_BLOCK = "GET /block HTTP/1.1\r\nHost: a\r\n\r\n";
    private static final String GET_WORK = "GET /work HTTP/1.1\r\nHost: a\r\n\r\n";

    /** A filter that decorates the response: the stage the server sees is no longer the offload's own. */
    private static Filter decorating(String header) {
        return (request, next) -> next.handle(request).thenApply(response -> response.withHeader(header, "1"));
    }

    @Test
    void queuedWorkBehindTwoFiltersNeverStartsOnceItsRequestTimedOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        Handler blocker = Offload.blocking(request -> {
            await(release);
            return Response.text("blocked").completed();
        });
        Handler work = Offload.blocking(request -> {
            started.incrementAndGet();
            return Response.text("worked").completed();
        }).with(decorating("X-Inner")).with(decorating("X-Outer"));
        ServerConfig.Builder config = ServerConfig.builder().blockingConcurrency(1).blockingQueueCapacity(16)
                .handlerTimeout(Duration.ofMillis(300));
        try (HttpServer server = TestServers.start(config,
                request -> request.path().equals("/block") ? blocker.handle(request) : work.handle(request));
             RawClient holder = new RawClient(server.port())) {
            holder.send(GET_BLOCK);
            Await.until("the only worker is busy", () -> server.stats().blockingPool().active() == 1);
            List<RawClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    clients.add(new RawClient(server.port()).send(GET_WORK));
                }
                for (RawClient client : clients) {
                    assertEquals(503, client.readResponse().status(), "timed out while queued");
                }
            } finally {
                for (RawClient client : clients) {
                    client.close();
                }
            }
            release.countDown();
            assertEquals(503, holder.readResponse().status());
            Await.until("the queue has drained", () -> server.stats().blockingPool().completed() == 6
                    && server.stats().blockingPool().queueDepth() == 0, server::stats);
            assertEquals(0, started.get(), "work of timed-out requests was started");
        }
    }

    @Test
    void runningWorkIsInterruptedOnlyWhenTheRouteAskedForIt() throws Exception {
        AtomicBoolean interruptibleSawInterrupt = new AtomicBoolean();
        AtomicBoolean plainSawInterrupt = new AtomicBoolean();
        CountDownLatch plainFinished = new CountDownLatch(1);
        Handler interruptible = Offload.blockingInterruptible(request -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException expected) {
                interruptibleSawInterrupt.set(true);
            }
            return Response.text("late").completed();
        }).with(decorating("X-Outer"));
        Handler plain = Offload.blocking(request -> {
            try {
                Thread.sleep(800);
            } catch (InterruptedException unexpected) {
                plainSawInterrupt.set(true);
            } finally {
                plainFinished.countDown();
            }
            return Response.text("late").completed();
        }).with(decorating("X-Outer"));
        try (HttpServer server = TestServers.start(ServerConfig.builder().handlerTimeout(Duration.ofMillis(200)),
                request -> request.path().equals("/interruptible") ? interruptible.handle(request)
                        : plain.handle(request));
             RawClient client = new RawClient(server.port())) {
            assertEquals(503, client.exchange("GET /interruptible HTTP/1.1\r\nHost: a\r\n\r\n").status());
            Await.until("the running task saw the interrupt", interruptibleSawInterrupt::get);
            assertEquals(503, client.exchange("GET /plain HTTP/1.1\r\nHost: a\r\n\r\n").status());
            plainFinished.await(10, TimeUnit.SECONDS);
            assertFalse(plainSawInterrupt.get(), "Offload.blocking interrupted its running task");
        }
    }

    @Test
    void theContextSaysWhenARequestIsCancelled() throws Exception {
        CompletableFuture<Request> seen = new CompletableFuture<>();
        try (HttpServer server = TestServers.start(ServerConfig.builder().handlerTimeout(Duration.ofMillis(100)),
                request -> {
                    seen.complete(request);
                    return new CompletableFuture<>();
                });
             RawClient client = new RawClient(server.port())) {
            assertEquals(503, client.exchange(GET_WORK).status());
            Await.until("the request is cancelled", () -> seen.join().context().isCancelled());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
