package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.TestServers;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * maxPipelinedRequests is a bound, not a hint: however many requests a client pipelines into one write, the
 * server holds no more than the limit (the rest wait undecoded), and still answers them all, in order.
 */
class PipeliningLimitTest {

    private static final int LIMIT = 4;
    private static final int REQUESTS = 2_000;

    @Test
    void aConnectionHoldsNoMoreThanTheLimitAndAllAreAnswered() throws Exception {
        BlockingQueue<CompletableFuture<Object>> pending = new LinkedBlockingQueue<>();
        AtomicInteger handled = new AtomicInteger();
        try (HttpServer server = TestServers.start(ServerConfig.builder().maxPipelinedRequests(LIMIT), request -> {
            handled.incrementAndGet();
            CompletableFuture<Object> later = new CompletableFuture<>(); // completed by the test, below
            pending.add(later);
            String path = request.path();
            return later.thenApply(ignored -> Response.text(path));
        }); RawClient client = new RawClient(server.port(), 30_000)) {
            StringBuilder pipeline = new StringBuilder();
            for (int i = 0; i < REQUESTS; i++) {
                pipeline.append("GET /").append(i).append(" HTTP/1.1\r\nHost: a\r\n\r\n");
            }
            client.send(pipeline.toString()); // about 60 KB: most of it arrives in one read

            assertEquals(LIMIT, Await.settled("handler runs", handled::get), "handlers run");
            assertEquals(LIMIT, server.stats().requestsInFlight(), "requests the connection holds");

            Thread completer = new Thread(() -> {
                try {
                    CompletableFuture<Object> next;
                    while ((next = pending.poll(10, TimeUnit.SECONDS)) != null) {
                        next.complete("go");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            completer.start();
            for (int i = 0; i < REQUESTS; i++) {
                assertEquals("/" + i, client.readResponse().bodyText(), "responses in request order");
            }
            assertEquals(REQUESTS, handled.get());
            completer.interrupt();
        }
    }
}
