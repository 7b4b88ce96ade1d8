package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

/**
 * RFC 9112 section 9.6: a server that refuses a request while the client is still sending must not close in a
 * way that resets the connection (a reset can destroy the response before the client reads it). The server
 * half-closes instead, and keeps reading (and discarding) until the client is done: so the client can finish
 * sending without a reset, and the connection closes once it has.
 */
class LingeringCloseTest {

    @Test
    void aClientStillSendingARefusedBodyIsNotReset() throws Exception {
        try (HttpServer server = TestServers.start(ServerConfig.builder().maxBodyBytes(1024),
                request -> Response.text("never").completed());
             RawClient client = new RawClient(server.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 8000000\r\n\r\n");
            RawResponse response = client.readResponse();
            assertEquals(413, response.status());
            assertTrue(response.bodyText().contains("8000000 bytes exceeds the limit of 1024 bytes"),
                    response.bodyText());
            assertTrue(client.isClosedByServer(), "the server half-closes: the client reads EOF");
            keepSendingWithoutAReset(client);
            client.socket().shutdownOutput();
            waitForNoConnections(server);
        }
    }

    @Test
    void aConnectionRefusedAtTheLimitIsNotReset() throws Exception {
        try (HttpServer server = TestServers.start(ServerConfig.builder().maxConnections(1),
                request -> Response.text("ok").completed());
             RawClient first = new RawClient(server.port())) {
            assertEquals(200, first.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n").status());
            try (RawClient second = new RawClient(server.port())) {
                second.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n");
                RawResponse refused = second.readResponse();
                assertEquals(503, refused.status());
                assertEquals("1", refused.header("Retry-After"));
                keepSendingWithoutAReset(second);
            }
        }
    }

    @Test
    void aServerChosenCloseLingersToo() throws Exception {
        try (HttpServer server = TestServers.start(request ->
                Response.text("bye").withHeader("Connection", "close").completed());
             RawClient client = new RawClient(server.port())) {
            RawResponse bye = client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("close", bye.header("Connection"));
            assertTrue(client.isClosedByServer());
            keepSendingWithoutAReset(client); // the client had more requests on their way
            client.socket().shutdownOutput();
            waitForNoConnections(server);
        }
    }

    /** Writes in several rounds: a server that had closed outright would have reset the second one. */
    private static void keepSendingWithoutAReset(RawClient client) throws Exception {
        OutputStream out = client.socket().getOutputStream();
        for (int round = 0; round < 5; round++) {
            out.write(new byte[1024]);
            out.flush();
            Thread.sleep(50);
        }
    }

    private static void waitForNoConnections(HttpServer server) {
        Await.until("the server has closed the connection", () -> server.stats().openConnections() == 0);
    }
}
