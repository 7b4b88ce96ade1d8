package dev.loopline.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Offload;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.ServerStats;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Offered load far above capacity: on an offloaded route the surplus is refused at once with 503 and
 * {@code Retry-After} (it never reaches the handler, never waits in a pool past its capacity, never times
 * out), the heap stays bounded, the event loop keeps serving, and once the flood stops the route is served
 * normally. The same for connections past {@link ServerConfig#maxConnections()}.
 */
class OverloadTest {

    private static final int CLIENTS = 32;
    private static final int REQUESTS_PER_CLIENT = 25;
    private static final int QUEUE_CAPACITY = 8;
    private static final String GET = "GET %s HTTP/1.1\r\nHost: a\r\n\r\n";

    @ParameterizedTest(name = "{0} pool")
    @ValueSource(strings = {"cpu", "blocking"})
    void aFloodOnAnOffloadedRouteIsShedWith503AndServiceResumes(String pool) throws Exception {
        AtomicInteger handled = new AtomicInteger();
        Handler work = request -> {
            handled.incrementAndGet();
            sleep(10); // a pool of one worker: capacity about 100 requests a second
            return Response.text("worked").completed();
        };
        Function<Handler, Handler> offload = pool.equals("cpu") ? Offload::cpu : Offload::blocking;
        Handler offloaded = offload.apply(work);
        ServerConfig.Builder config = ServerConfig.builder().cpuThreads(1).cpuQueueCapacity(QUEUE_CAPACITY)
                .blockingConcurrency(1).blockingQueueCapacity(QUEUE_CAPACITY);
        try (HttpServer server = TestServers.start(config, request -> request.path().equals("/plain")
                ? Response.text("plain").completed() : offloaded.handle(request))) {
            long heapBefore = usedHeapAfterGc();
            Sampler sampler = new Sampler(server, pool);
            sampler.start();
            List<Integer> statuses = flood(server.port());
            sampler.stop();

            long ok = statuses.stream().filter(status -> status == 200).count();
            long shed = statuses.stream().filter(status -> status == 503).count();
            assertEquals(CLIENTS * REQUESTS_PER_CLIENT, ok + shed, "only 200 and 503: " + statuses);
            assertTrue(shed > ok, "far above capacity most requests are shed: " + ok + " served, " + shed + " shed");
            assertEquals(ok, handled.get(), "a shed request never reaches the handler");
            ServerStats stats = server.stats();
            ServerStats.PoolStats poolStats = pool.equals("cpu") ? stats.cpuPool() : stats.blockingPool();
            assertEquals(shed, poolStats.rejected(), "each 503 is a rejection by the full pool");
            assertEquals(0, stats.handlerTimeouts(), "refused at once, not after the handler timeout");
            // The pool holds at most its one worker's task and a full queue. (Not the queue alone: on virtual
            // threads a task handed from a finished one to the next waiter is briefly counted as waiting.)
            assertTrue(sampler.maxHeld <= 1 + QUEUE_CAPACITY, "the pool held " + sampler.maxHeld + " tasks");
            assertTrue(sampler.plainServed.get() > 0, "the event loop kept serving during the flood");

            Await.until("the pool has drained and nothing is in flight", () -> server.stats().requestsInFlight() == 0
                    && poolOf(server.stats(), pool).queueDepth() == 0 && poolOf(server.stats(), pool).active() == 0,
                    server::stats);
            try (RawClient client = new RawClient(server.port())) {
                for (int i = 0; i < 20; i++) {
                    assertEquals("worked", client.exchange(String.format(GET, "/work")).bodyText(),
                            "served normally once the flood has stopped");
                }
            }
            long heapGrowthMiB = (usedHeapAfterGc() - heapBefore) / (1024 * 1024);
            assertTrue(heapGrowthMiB < 64, "heap grew by " + heapGrowthMiB + " MiB");
        }
    }

    @Test
    void aFloodOfConnectionsPastTheMaximumIsRefusedWith503AndServiceResumes() throws Exception {
        int maxConnections = 20;
        int flood = 200;
        try (HttpServer server = TestServers.start(ServerConfig.builder().maxConnections(maxConnections),
                request -> Response.text("ok").completed())) {
            List<RawClient> held = new ArrayList<>();
            for (int i = 0; i < maxConnections; i++) {
                RawClient client = new RawClient(server.port());
                assertEquals(200, client.exchange(String.format(GET, "/held")).status());
                held.add(client);
            }
            ExecutorService attackers = Executors.newFixedThreadPool(8);
            List<Future<RawResponse>> refusals = new ArrayList<>();
            for (int i = 0; i < flood; i++) {
                refusals.add(attackers.submit(() -> {
                    try (RawClient client = new RawClient(server.port())) {
                        RawResponse response = client.readResponse(); // answered without asking
                        assertTrue(client.isClosedByServer());
                        return response;
                    }
                }));
            }
            for (Future<RawResponse> refusal : refusals) {
                RawResponse response = refusal.get();
                assertEquals(503, response.status(), response.toString());
                assertEquals("1", response.header("Retry-After"));
            }
            attackers.shutdown();
            assertEquals(flood, server.stats().connectionsRefused());
            for (RawClient client : held) {
                assertEquals(200, client.exchange(String.format(GET, "/still-held")).status());
                client.close();
            }
            Await.until("every connection closed", () -> server.stats().openConnections() == 0, server::stats);
            for (int i = 0; i < maxConnections; i++) {
                try (RawClient client = new RawClient(server.port())) {
                    assertEquals(200, client.exchange(String.format(GET, "/after")).status());
                }
            }
        }
    }

    /** Every client sends its requests one after another on one keep-alive connection; returns all statuses. */
    private static List<Integer> flood(int port) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            done.add(clients.submit(() -> {
                try (RawClient client = new RawClient(port, 30_000)) {
                    for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                        RawResponse response = client.exchange(String.format(GET, "/work"));
                        if (response.status() == 503) {
                            assertEquals("1", response.header("Retry-After"));
                        }
                        statuses.add(response.status());
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : done) {
            client.get();
        }
        clients.shutdown();
        return new ArrayList<>(statuses);
    }

    /** Watches the pool's queue during the flood, and checks that a plain request on the loop is still served. */
    private static final class Sampler {
        private final HttpServer server;
        private final String pool;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger plainServed = new AtomicInteger();
        private final Thread thread;
        private volatile int maxHeld; // queued + running

        Sampler(HttpServer server, String pool) {
            this.server = server;
            this.pool = pool;
            this.thread = new Thread(this::run, "overload-sampler");
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(60_000); // a safety net: run() checks running between requests
        }

        private void run() {
            try (RawClient client = new RawClient(server.port(), 30_000)) {
                while (running.get()) {
                    ServerStats.PoolStats held = poolOf(server.stats(), pool);
                    maxHeld = Math.max(maxHeld, held.queueDepth() + held.active());
                    if (client.exchange(String.format(GET, "/plain")).status() == 200) {
                        plainServed.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("the plain route failed during the flood", e);
            }
        }
    }

    private static ServerStats.PoolStats poolOf(ServerStats stats, String pool) {
        return pool.equals("cpu") ? stats.cpuPool() : stats.blockingPool();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
