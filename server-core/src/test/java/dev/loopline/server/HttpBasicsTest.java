package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 basics over a real socket: keep-alive, HTTP/1.0, HEAD, pipelining order, standard fields. */
class HttpBasicsTest {

    private static final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private static HttpServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(request -> {
            switch (request.path()) {
                case "/plaintext":
                    return Response.text("Hello, World!").completed();
                case "/slow": {
                    // Completes later, from another thread: a fast request behind it must still wait its turn.
                    CompletableFuture<Response> later = new CompletableFuture<>();
                    timer.schedule(() -> later.complete(Response.text("slow")), 300, TimeUnit.MILLISECONDS);
                    return later;
                }
                case "/fast":
                    return Response.text("fast").completed();
                case "/echo":
                    return Response.of(200, "application/octet-stream", request.body()).completed();
                default:
                    return Response.problem(404, "no such path: " + request.path()).completed();
            }
        });
    }

    @AfterAll
    static void stop() {
        server.close();
        timer.shutdownNow();
    }

    @Test
    void aChunkedBodyWithExtensionsArrivingInOddPiecesIsReadWhole() throws Exception {
        // the chunk-extension check follows the framing across reads: it must never lose its place
        StringBuilder body = new StringBuilder();
        StringBuilder wire = new StringBuilder("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int chunk = 0; chunk < 5; chunk++) {
            String data = String.valueOf((char) ('a' + chunk)).repeat(9_000 + chunk);
            body.append(data);
            wire.append(Integer.toHexString(data.length())).append(" ; n=").append(chunk).append(";q=\"x;y\"\r\n")
                    .append(data).append("\r\n");
        }
        wire.append("0;done\r\nX-Trailer: t\r\n\r\n").append("GET /fast HTTP/1.1\r\nHost: a\r\n\r\n");
        byte[] bytes = wire.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (RawClient client = new RawClient(server.port())) {
            for (int from = 0, step = 1; from < bytes.length; from += step, step = step * 7 % 4093 + 1) {
                client.send(java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + step)));
            }
            RawResponse echoed = client.readResponse();
            assertEquals(200, echoed.status(), echoed.toString());
            assertEquals(body.toString(), echoed.bodyText());
            assertEquals("fast", client.readResponse().bodyText());
        }
    }

    @Test
    void answersWithContentLengthDateAndServer() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            RawResponse response = client.exchange("GET /plaintext HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertEquals(200, response.status());
            assertEquals("Hello, World!", response.bodyText());
            assertEquals("13", response.header("Content-Length"));
            assertEquals("text/plain; charset=utf-8", response.header("Content-Type"));
            assertEquals("Loopline", response.header("Server"));
            assertTrue(response.header("Date").matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"),
                    response.header("Date"));
            assertNull(response.header("Connection"));
        }
    }

    @Test
    void keepsHttp11ConnectionsAlive() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            for (int i = 0; i < 5; i++) {
                RawResponse response = client.exchange("GET /plaintext HTTP/1.1\r\nHost: localhost\r\n\r\n");
                assertEquals(200, response.status());
            }
            RawResponse last = client.exchange("GET /plaintext HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertEquals("close", last.header("Connection"));
            assertTrue(client.isClosedByServer());
        }
    }

    @Test
    void closesHttp10UnlessKeepAliveWasAsked() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            RawResponse response = client.exchange("GET /plaintext HTTP/1.0\r\n\r\n");
            assertEquals(200, response.status());
            assertEquals("close", response.header("Connection"));
            assertTrue(client.isClosedByServer());
        }
        try (RawClient client = new RawClient(server.port())) {
            for (int i = 0; i < 3; i++) {
                RawResponse response = client.exchange("GET /plaintext HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
                assertEquals(200, response.status());
                assertEquals("keep-alive", response.header("Connection"));
            }
        }
    }

    @Test
    void headGetsHeadersWithoutBody() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            client.send("HEAD /plaintext HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "GET /fast HTTP/1.1\r\nHost: localhost\r\n\r\n");
            RawResponse head = client.readHeadResponse();
            assertEquals(200, head.status());
            assertEquals("13", head.header("Content-Length"));
            // The next bytes on the wire are the next response: so HEAD really sent no body.
            RawResponse next = client.readResponse();
            assertEquals("fast", next.bodyText());
        }
    }

    @Test
    void pipelinedResponsesKeepRequestOrderEvenWhenALaterHandlerFinishesFirst() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\nGET /fast HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /plaintext HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("slow", client.readResponse().bodyText());
            assertEquals("fast", client.readResponse().bodyText());
            assertEquals("Hello, World!", client.readResponse().bodyText());
        }
    }

    @Test
    void aggregatesChunkedBodies() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            RawResponse response = client.exchange("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: yes\r\n\r\n");
            assertEquals(200, response.status());
            assertEquals("hello world", response.bodyText());
            assertEquals("11", response.header("Content-Length"));
        }
    }

    @Test
    void readsFixedLengthBodiesSentInPieces() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n01234");
            Thread.sleep(50);
            client.send("56789");
            RawResponse response = client.readResponse();
            assertEquals("0123456789", response.bodyText());
        }
    }

    @Test
    void unknownPathGetsProblemJson() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            RawResponse response = client.exchange("GET /nope HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals(404, response.status());
            assertEquals("application/problem+json", response.header("Content-Type"));
            assertTrue(response.bodyText().contains("\"detail\":\"no such path: /nope\""), response.bodyText());
            assertEquals(200, client.exchange("GET /fast HTTP/1.1\r\nHost: a\r\n\r\n").status(),
                    "an error response keeps the connection open");
        }
    }

    @Test
    void reportsTransportAndLoops() {
        assertNotNull(server.transport());
        assertTrue(server.eventLoops() >= 1);
        assertEquals(server.address().getPort(), server.port());
    }
}
