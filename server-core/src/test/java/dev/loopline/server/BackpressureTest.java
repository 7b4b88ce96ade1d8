package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A client that does not read cannot make the server produce, and buffer, responses without bound. */
class BackpressureTest {

    private static final int RESPONSE_BYTES = 1024 * 1024;
    private static final int REQUESTS = 200;

    @Test
    void serverStopsHandlingRequestsOfAClientThatDoesNotRead() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        ServerConfig.Builder config = ServerConfig.builder().maxPipelinedRequests(1000).eventLoops(1);
        try (HttpServer server = TestServers.start(config, request -> {
            handled.incrementAndGet();
            return Response.of(200, "application/octet-stream", Body.of(new byte[RESPONSE_BYTES])).completed();
        }); RawClient client = new RawClient(server.port(), 30_000)) {
            client.socket().setReceiveBufferSize(64 * 1024);
            StringBuilder pipeline = new StringBuilder();
            for (int i = 0; i < REQUESTS; i++) {
                pipeline.append("GET /big HTTP/1.1\r\nHost: a\r\n\r\n");
            }
            client.send(pipeline.toString()); // 200 MiB of responses asked for; nothing read yet

            int stable = Await.settled("handler runs", handled::get);
            // Socket buffers hold a few responses; the rest must not have been produced.
            assertTrue(stable < 20, "handlers ran " + stable + " times for a client that reads nothing");

            for (int i = 0; i < REQUESTS; i++) {
                RawResponse response = client.readResponse();
                assertEquals(200, response.status());
                assertEquals(RESPONSE_BYTES, response.body().length);
            }
            assertEquals(REQUESTS, handled.get(), "once the client reads, every request is answered");
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedAfterTheIdleTimeout() throws Exception {
        ServerConfig.Builder config = ServerConfig.builder().idleTimeout(java.time.Duration.ofMillis(500));
        try (HttpServer server = TestServers.start(config, request ->
                Response.of(200, "application/octet-stream", Body.of(new byte[RESPONSE_BYTES])).completed());
             RawClient client = new RawClient(server.port(), 30_000)) {
            client.socket().setReceiveBufferSize(64 * 1024);
            StringBuilder pipeline = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                pipeline.append("GET /big HTTP/1.1\r\nHost: a\r\n\r\n");
            }
            client.send(pipeline.toString());
            Await.until("the connection is open", () -> server.stats().openConnections() >= 1);
            Await.until("the server has given up on a client that does not read",
                    () -> server.stats().openConnections() == 0);
            assertEquals(0, server.stats().requestsInFlight());
        }
    }
}
