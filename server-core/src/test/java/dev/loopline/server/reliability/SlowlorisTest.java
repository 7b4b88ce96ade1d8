package dev.loopline.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Slowloris: hundreds of connections trickle their header section (and some their body) a byte at a time. The
 * header and body timeouts count from the first byte, not the last, so every one of them is cut off with 408;
 * meanwhile other clients are served, and the server runs on the same threads as before (event loops do not
 * grow a thread per connection).
 */
class SlowlorisTest {

    private static final int TRICKLING_HEADERS = 300;
    private static final int TRICKLING_BODIES = 30;
    private static final String GET = "GET /%d HTTP/1.1\r\nHost: a\r\n\r\n";

    @Test
    void tricklingClientsAreCutOffWhileOthersAreServed() throws Exception {
        try (HttpServer server = TestServers.start(ServerConfig.builder()
                .headerTimeout(Duration.ofSeconds(1)).bodyTimeout(Duration.ofSeconds(1)),
                request -> Response.text("served " + request.path()).completed())) {
            serveOne(server, 0); // the loops have started
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            long serverThreadsBefore = serverThreads();

            List<RawClient> slow = new ArrayList<>();
            for (int i = 0; i < TRICKLING_HEADERS; i++) {
                slow.add(new RawClient(server.port(), 30_000).send("GET /slow HTTP/1.1\r\nHost: a\r\n"));
            }
            for (int i = 0; i < TRICKLING_BODIES; i++) {
                slow.add(new RawClient(server.port(), 30_000)
                        .send("POST /slow HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n"));
            }
            AtomicBoolean trickling = new AtomicBoolean(true);
            Thread trickler = new Thread(() -> trickle(slow, trickling), "slowloris");
            trickler.start();
            try {
                Await.until("the server holds every trickling connection",
                        () -> server.stats().openConnections() >= slow.size(), server::stats);
                int threadsDuring = ManagementFactory.getThreadMXBean().getThreadCount();
                // <=, not ==: an idle pool thread of an earlier test may time out meanwhile
                assertTrue(serverThreads() <= serverThreadsBefore, "no server thread per connection");
                assertTrue(threadsDuring <= threadsBefore + 10, "threads grew from " + threadsBefore + " to "
                        + threadsDuring + " for " + slow.size() + " connections");

                for (int i = 1; i <= 50; i++) {
                    serveOne(server, i); // others are served while the trickle goes on
                }

                int cutOff = 0;
                for (RawClient client : slow) {
                    RawResponse response = client.readResponse();
                    assertEquals(408, response.status(), response.toString());
                    assertTrue(client.isClosedByServer());
                    cutOff++;
                }
                assertEquals(TRICKLING_HEADERS + TRICKLING_BODIES, cutOff);
            } finally {
                trickling.set(false);
                trickler.join(60_000); // a safety net: the loop above stops it
                for (RawClient client : slow) {
                    client.close();
                }
            }
            Await.until("every trickling connection closed and nothing in flight",
                    () -> server.stats().openConnections() == 0 && server.stats().requestsInFlight() == 0,
                    server::stats);
            serveOne(server, 51);
        }
    }

    /** One byte to every connection that has had no answer yet, every 20 ms, until told to stop. */
    private static void trickle(List<RawClient> clients, AtomicBoolean trickling) {
        byte[] header = "X-Trickle: 1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int at = 0;
        while (trickling.get()) {
            for (RawClient client : clients) {
                try {
                    InputStream in = client.socket().getInputStream();
                    if (in.available() == 0 && !client.socket().isClosed()) {
                        client.send(new byte[] {header[at % header.length]});
                    }
                } catch (IOException cutOff) {
                    // the server has closed this one
                }
            }
            at++;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void serveOne(HttpServer server, int id) throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            RawResponse response = client.exchange(String.format(GET, id));
            assertEquals("served /" + id, response.bodyText());
        }
    }

    private static long serverThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("loopline-")).count();
    }
}
