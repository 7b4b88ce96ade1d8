package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every limit in ServerConfig: its status, a problem+json body naming it, and the connection closed. */
class LimitsTest {

    private static final AtomicInteger handled = new AtomicInteger();
    private static HttpServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(ServerConfig.builder()
                .maxInitialLineBytes(256)
                .maxHeaderBytes(1024)
                .maxBodyBytes(100)
                .headerTimeout(Duration.ofMillis(300))
                .bodyTimeout(Duration.ofMillis(300))
                .idleTimeout(Duration.ofMillis(500))
                .handlerTimeout(Duration.ofMillis(300)), request -> {
                    handled.incrementAndGet();
                    if (request.path().equals("/never")) {
                        return new CompletableFuture<>(); // never completes
                    }
                    return Response.of(200, "application/octet-stream", request.body()).completed();
                });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertProblem(RawResponse response, int status, String detailPart) {
        assertEquals(status, response.status(), response.toString());
        assertEquals("application/problem+json", response.header("Content-Type"));
        assertTrue(response.bodyText().contains("\"status\":" + status), response.bodyText());
        assertTrue(response.bodyText().contains(detailPart), response.bodyText());
    }

    @Test
    void requestLineTooLongIs414() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            RawResponse response = client.exchange("GET /" + "a".repeat(300) + " HTTP/1.1\r\nHost: a\r\n\r\n");
            assertProblem(response, 414, "request line is longer than 256 bytes");
            assertEquals("close", response.header("Connection"));
            assertTrue(client.isClosedByServer());
        }
    }

    @Test
    void aMethodLongerThanTheLimitIs501NotA414() throws Exception {
        // RFC 9112 section 3: a method longer than any the server implements is 501; 414 is about the target
        for (String method : new String[] {"M".repeat(33), "M".repeat(300)}) { // the default limit is 32 bytes
            try (RawClient client = new RawClient(server.port())) {
                RawResponse response = client.exchange(method + " / HTTP/1.1\r\nHost: a\r\n\r\n");
                assertProblem(response, 501, "the method is longer than 32 bytes");
                assertEquals("close", response.header("Connection"));
                assertTrue(client.isClosedByServer());
            }
        }
        try (RawClient client = new RawClient(server.port())) {
            assertEquals(200, client.exchange("M".repeat(32) + " / HTTP/1.1\r\nHost: a\r\n\r\n").status());
        }
    }

    @Test
    void headerSectionTooLargeIs431() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            RawResponse response = client.exchange("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + "b".repeat(1100) + "\r\n\r\n");
            assertProblem(response, 431, "larger than 1024 bytes");
            assertTrue(client.isClosedByServer());
        }
    }

    @Test
    void announcedBodyTooLargeIs413BeforeReadingIt() throws Exception {
        int before = handled.get();
        try (RawClient client = new RawClient(server.port())) {
            RawResponse response = client.exchange("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 101\r\n\r\n");
            assertProblem(response, 413, "101 bytes exceeds the limit of 100 bytes");
            assertTrue(client.isClosedByServer());
        }
        assertEquals(before, handled.get());
    }

    @Test
    void chunkedBodyTooLargeIs413() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            String chunk = "40\r\n" + "x".repeat(64) + "\r\n";
            RawResponse response = client.exchange("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunk + chunk + "0\r\n\r\n");
            assertProblem(response, 413, "exceeds the limit of 100 bytes");
            assertTrue(client.isClosedByServer());
        }
    }

    @Test
    void bodyAtTheLimitIsAccepted() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            RawResponse response = client.exchange("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n"
                    + "y".repeat(100));
            assertEquals(200, response.status());
            assertEquals("y".repeat(100), response.bodyText());
        }
    }

    @Test
    void headersTrickledPastTheHeaderTimeoutGet408() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET / HTTP/1.1\r\nHost: a\r\n");
            client.send("X-Slow: 1\r\n"); // and never the blank line
            RawResponse response = client.readResponse();
            assertProblem(response, 408, "header section was not received within 300 ms");
            assertTrue(client.isClosedByServer());
        }
    }

    @Test
    void bodyTrickledPastTheBodyTimeoutGets408() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
            RawResponse response = client.readResponse();
            assertProblem(response, 408, "body was not received within 300 ms");
            assertTrue(client.isClosedByServer());
        }
    }

    @Test
    void idleConnectionsAreClosedSilently() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            assertEquals(200, client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n").status());
            assertTrue(client.isClosedByServer(), "an idle keep-alive connection is closed after the idle timeout");
        }
        try (RawClient client = new RawClient(server.port())) {
            assertTrue(client.isClosedByServer(), "a connection that never sends is closed after the idle timeout");
        }
    }

    @Test
    void activeConnectionOutlivesTheIdleTimeout() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            for (int i = 0; i < 6; i++) {
                assertEquals(200, client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n").status());
                Thread.sleep(200); // 6 x 200 ms > the 500 ms idle timeout, but never idle that long at once
            }
        }
    }

    @Test
    void handlerThatNeverCompletesGets503AfterTheHandlerTimeout() throws Exception {
        long timeoutsBefore = server.stats().handlerTimeouts();
        try (RawClient client = new RawClient(server.port())) {
            RawResponse response = client.exchange("GET /never HTTP/1.1\r\nHost: a\r\n\r\n");
            assertProblem(response, 503, "not handled within 300 ms");
            // The connection stays usable.
            assertEquals(200, client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n").status());
        }
        assertEquals(timeoutsBefore + 1, server.stats().handlerTimeouts());
    }

    @Test
    void connectionsPastTheMaximumGet503WithRetryAfter() throws Exception {
        try (HttpServer small = TestServers.start(ServerConfig.builder().maxConnections(2),
                request -> Response.text("ok").completed());
             RawClient first = new RawClient(small.port());
             RawClient second = new RawClient(small.port())) {
            assertEquals(200, first.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n").status());
            assertEquals(200, second.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n").status());
            try (RawClient third = new RawClient(small.port())) {
                RawResponse refused = third.readResponse();
                assertEquals(503, refused.status());
                assertEquals("1", refused.header("Retry-After"));
                assertTrue(refused.bodyText().contains("limit of 2 connections"), refused.bodyText());
                assertTrue(third.isClosedByServer());
            }
            assertEquals(1, small.stats().connectionsRefused());
            first.close();
            RawResponse afterwards = null;
            for (int attempt = 0; attempt < 50 && afterwards == null; attempt++) {
                try (RawClient fourth = new RawClient(small.port())) {
                    RawResponse response = fourth.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                    if (response.status() == 200) {
                        afterwards = response;
                    }
                }
                Thread.sleep(20); // the server notices the first connection's close asynchronously
            }
            assertEquals(200, afterwards.status(), "a freed slot is usable again");
        }
    }

    @Test
    void expect100ContinueGetsAnInterimResponseBeforeTheBody() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawResponse interim = client.readResponse();
            assertEquals(100, interim.status());
            client.send("hello");
            RawResponse response = client.readResponse();
            assertEquals(200, response.status());
            assertEquals("hello", response.bodyText());
        }
    }

    @Test
    void expect100ContinueWithTooLargeBodyIs413WithoutContinue() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n");
            RawResponse response = client.readResponse();
            assertProblem(response, 413, "1000 bytes exceeds the limit");
            assertTrue(client.isClosedByServer());
        }
    }

    @Test
    void expect100ContinueWithoutADeclaredBodyGetsNoInterimResponse() throws Exception {
        // RFC 9110 section 10.1.1: 100 only encourages a client to send content it has announced
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n"
                    + "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nExpect: 100-continue\r\n\r\n"
                    + "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n");
            assertEquals(200, client.readResponse().status(), "GET without a body: no 100");
            assertEquals(200, client.readResponse().status(), "Content-Length: 0: no 100");
            assertEquals(100, client.readResponse().status(), "a chunked body is announced: 100");
            client.send("2\r\nhi\r\n0\r\n\r\n");
            assertEquals("hi", client.readResponse().bodyText());
        }
    }

    @Test
    void expect100ContinueIsSentOnlyAfterTheHeaderChecksPassed() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            client.send("POST / HTTP/1.1\r\nHost: a b\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawResponse response = client.readResponse();
            assertProblem(response, 400, "invalid Host header");
            assertTrue(client.isClosedByServer());
        }
    }

    @Test
    void aFinalStatusSentWithout100ClosesAndDiscardsTheBodyTheClientSendsAnyway() throws Exception {
        // RFC 9110 section 10.1.1: a client may send the body without waiting; the server said it closes, and does,
        // reading and discarding what arrives meanwhile so that no reset destroys the answer
        try (RawClient client = new RawClient(server.port())) {
            client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n");
            RawResponse response = client.readResponse();
            assertProblem(response, 413, "1000 bytes exceeds the limit");
            assertEquals("close", response.header("Connection"));
            client.send("x".repeat(1000));
            assertTrue(client.isClosedByServer());
        }
    }

    @Test
    void otherExpectationsAre417() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            RawResponse response = client.exchange("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n"
                    + "Expect: something-else\r\n\r\nhi");
            assertProblem(response, 417, "unsupported expectation \\\"something-else\\\"");
            assertTrue(client.isClosedByServer());
        }
    }

    @Test
    void http10ClientIsNotSent100Continue() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            RawResponse response = client.exchange("POST / HTTP/1.0\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\nhi");
            assertEquals(200, response.status());
            assertEquals("hi", response.bodyText());
            assertNull(response.headers().get("expect"));
            assertFalse(response.statusLine().contains("100"));
        }
    }
}
