package dev.loopline.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.Body;
import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Offload;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that break off: reset in the middle of a request or of a response, half-close, or never read. Whatever
 * they do, the server is left with nothing in flight and no connection open once they are gone, the leak
 * detector (paranoid) finds nothing, and the next client is served.
 */
class ClientFaultsTest {

    private static final int BIG_BYTES = 4 * 1024 * 1024;
    private static final String GET = "GET %s HTTP/1.1\r\nHost: a\r\n\r\n";
    private static final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private static final AtomicInteger bigResponses = new AtomicInteger();
    private static final AtomicInteger lateCompletions = new AtomicInteger();
    private static HttpServer server;

    @BeforeAll
    static void start() {
        Handler cpu = Offload.cpu(request -> Response.text("computed").completed());
        server = TestServers.start(ServerConfig.builder().maxPipelinedRequests(100), request -> {
            switch (request.path()) {
                case "/big":
                    bigResponses.incrementAndGet();
                    return Response.of(200, "application/octet-stream", Body.of(new byte[BIG_BYTES])).completed();
                case "/late": { // completes after its client has reset
                    CompletableFuture<Response> later = new CompletableFuture<>();
                    timer.schedule(() -> {
                        later.complete(Response.of(200, "application/octet-stream", Body.of(new byte[BIG_BYTES])));
                        lateCompletions.incrementAndGet();
                    }, 300, TimeUnit.MILLISECONDS);
                    return later;
                }
                case "/cpu":
                    return cpu.handle(request);
                default:
                    return Response.text("ok").completed();
            }
        });
    }

    @AfterAll
    static void stop() {
        server.close();
        timer.shutdownNow();
    }

    /** After every test: the server holds nothing for clients that have gone, and serves the next one. */
    @AfterEach
    void nothingLeftBehindAndStillServing() throws IOException {
        Await.until("no request in flight and no connection open",
                () -> server.stats().requestsInFlight() == 0 && server.stats().openConnections() == 0,
                server::stats);
        try (RawClient client = new RawClient(server.port())) {
            assertEquals(200, client.exchange(String.format(GET, "/")).status());
        }
    }

    @Test
    void clientsThatResetMidRequest() throws Exception {
        List<String> partials = List.of(
                "GET / HTTP/1.1\r\nHo",                                                  // inside the head
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nabc",           // inside a fixed body
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", // inside a chunk
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n", // after 100
                String.format(GET, "/late") + "GET / HTTP/1.1\r\nHost");                // one in flight, one begun
        List<RawClient> clients = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            for (String partial : partials) {
                clients.add(new RawClient(server.port()).send(partial));
            }
        }
        Await.until("the server has every connection and the requests in flight",
                () -> server.stats().openConnections() == clients.size() && server.stats().requestsInFlight() >= 10,
                server::stats);
        for (RawClient client : clients) {
            reset(client);
        }
    }

    @Test
    void clientsThatResetBeforeTheServerReadsAreCutOffByTheReadDeadlines() throws Exception {
        // On io_uring, Netty 4.2.18 may not report a reset that arrives with the first bytes of a connection:
        // the read deadlines are what bound how long such a connection is held, whatever the transport.
        try (HttpServer quick = TestServers.start(ServerConfig.builder().headerTimeout(Duration.ofMillis(500))
                .bodyTimeout(Duration.ofMillis(500)), request -> Response.text("ok").completed())) {
            for (int i = 0; i < 20; i++) {
                reset(new RawClient(quick.port()).send(i % 2 == 0 ? "GET / HTTP/1.1\r\nHo"
                        : "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nabc"));
            }
            Await.until("every reset connection closed, at the latest by its read deadline",
                    () -> quick.stats().openConnections() == 0 && quick.stats().requestsInFlight() == 0,
                    quick::stats);
        }
    }

    @Test
    void clientsThatResetMidResponse() throws Exception {
        int lateBefore = lateCompletions.get();
        List<RawClient> readers = new ArrayList<>();
        for (int i = 0; i < 20; i++) { // three 4 MiB responses asked for, 16 KiB of them read
            RawClient client = new RawClient(server.port()).send(String.format(GET, "/big").repeat(3));
            assertEquals(16 * 1024, client.socket().getInputStream().readNBytes(16 * 1024).length);
            readers.add(client);
        }
        List<RawClient> leavers = new ArrayList<>();
        for (int i = 0; i < 10; i++) { // gone before the response exists
            leavers.add(new RawClient(server.port()).send(String.format(GET, "/late")));
        }
        Await.until("every /late request in flight", () -> server.stats().requestsInFlight() >= 10, server::stats);
        for (RawClient client : readers) {
            reset(client);
        }
        for (RawClient client : leavers) {
            reset(client);
        }
        Await.until("every /late response completed for a client that has gone",
                () -> lateCompletions.get() == lateBefore + 10);
    }

    @Test
    void clientsThatHalfClose() throws Exception {
        // A response written in the read burst of the request reaches a client that half-closed behind it.
        for (int i = 0; i < 10; i++) {
            try (RawClient client = new RawClient(server.port())) {
                client.send(String.format(GET, "/")).socket().shutdownOutput();
                RawResponse response = client.readResponse();
                assertEquals("ok", response.bodyText());
                assertTrue(client.isClosedByServer());
            }
        }
        // A half-closed client has sent all it will send (TCP cannot tell a half-close from a close): what it asked
        // for is still answered, late and offloaded work too (HalfCloseTest), then the connection closes; a body cut
        // off by the end of input is answered 400, and a request line cut off is no request: the server just closes.
        Map<String, List<Integer>> answers = Map.of(String.format(GET, "/late"), List.of(200),
                String.format(GET, "/cpu"), List.of(200), "GET / HTT", List.of(),
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\nabc", List.of(400));
        for (Map.Entry<String, List<Integer>> expected : answers.entrySet()) {
            try (RawClient client = new RawClient(server.port())) {
                client.send(expected.getKey()).socket().shutdownOutput();
                List<Integer> statuses = client.readResponsesUntilClosed().stream().map(RawResponse::status)
                        .collect(java.util.stream.Collectors.toList());
                assertEquals(expected.getValue(), statuses, expected.getKey());
            }
        }
    }

    @Test
    void clientsThatNeverRead() throws Exception {
        int before = bigResponses.get();
        long decodedBefore = server.stats().requestsTotal();
        List<RawClient> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // 5 x 50 x 4 MiB = 1000 MiB of responses asked for
            RawClient client = new RawClient(server.port());
            client.socket().setReceiveBufferSize(64 * 1024);
            clients.add(client.send(String.format(GET, "/big").repeat(50)));
        }
        int produced = waitUntilStable(bigResponses) - before;
        // Each connection holds what its socket buffers take and one response over the high-water mark.
        assertTrue(produced <= 5 * 4, produced + " responses of 4 MiB produced for 5 clients that read nothing");
        // Nor are the requests behind decoded: they wait as bytes, not as requests the server would hold.
        assertTrue(server.stats().requestsTotal() - decodedBefore <= 5 * 4, server.stats().toString());
        for (RawClient client : clients) {
            reset(client);
        }
    }

    /** Closes with SO_LINGER 0: the kernel sends a reset, not a FIN. */
    private static void reset(RawClient client) throws IOException {
        client.socket().setSoLinger(true, 0);
        client.close();
    }

    /** Polls until the count has not moved for half a second; the count, not the time, is what is asserted. */
    private static int waitUntilStable(AtomicInteger counter) throws InterruptedException {
        int last = -1;
        for (int unchanged = 0; unchanged < 10; ) {
            Thread.sleep(50);
            int now = counter.get();
            unchanged = now == last && now > 0 ? unchanged + 1 : 0;
            last = now;
        }
        return last;
    }
}
