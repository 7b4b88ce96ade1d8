package dev.loopline.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code close()} while a few hundred requests are in flight, half of them on the blocking executor, and while
 * new clients keep arriving: every request the server accepted gets a whole response, every other one was never
 * accepted (refused, or its connection closed before any byte of an answer), and no response is cut short.
 */
class ShutdownUnderLoadTest {

    private static final int CONNECTIONS = 300;
    private static final int PIPELINED = 100; // of the connections, these send a second request behind the first
    private static final String PADDING = "p".repeat(10 * 1024); // so that a cut body cannot pass for a whole one

    @Test
    void everyAcceptedRequestGetsAWholeResponseAndNoOtherDoes() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        CompletableFuture<Void> closing = new CompletableFuture<>(); // handlers finish only once close() has begun
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        Handler blocking = Offload.blocking(request -> {
            closing.join();
            sleep(delayOf(request.path()));
            return Response.text("done " + request.path() + PADDING).completed();
        });
        Handler handler = request -> {
            accepted.add(request.path());
            if (request.path().hashCode() % 2 == 0) {
                return blocking.handle(request);
            }
            CompletableFuture<Response> later = new CompletableFuture<>();
            closing.thenRun(() -> timer.schedule(() -> later.complete(Response.text("done " + request.path()
                    + PADDING)), delayOf(request.path()), TimeUnit.MILLISECONDS));
            return later;
        };
        HttpServer server = TestServers.start(ServerConfig.builder().shutdownGracePeriod(Duration.ofSeconds(30))
                .blockingConcurrency(CONNECTIONS + PIPELINED), handler);
        int port = server.port();
        List<RawClient> clients = new ArrayList<>();
        Set<String> answered = ConcurrentHashMap.newKeySet();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                String requests = get("/r" + i) + (i < PIPELINED ? get("/r" + i + "b") : "");
                clients.add(new RawClient(port, 60_000).send(requests));
            }
            Await.until("every request in flight", () -> server.stats().requestsInFlight() == CONNECTIONS + PIPELINED,
                    server::stats);

            Thread latecomers = new Thread(() -> arriveUntilRefused(port, answered, failures), "latecomers");
            latecomers.start();
            Thread closer = new Thread(server::close, "closer");
            closer.start();
            Await.until("the server has stopped accepting", () -> !canConnect(port));
            closing.complete(null);

            for (RawClient client : clients) {
                record(client, answered, failures);
            }
            latecomers.join(60_000);
            closer.join(60_000);
            assertTrue(failures.isEmpty(), "cut or wrong responses: " + failures);
            for (int i = 0; i < CONNECTIONS; i++) {
                assertTrue(answered.contains("/r" + i), "request /r" + i + " was in flight and was not answered");
            }
            assertEquals(accepted, answered, "answered exactly the requests the server accepted");
            assertEquals(0, server.stats().requestsInFlight());
        } finally {
            for (RawClient client : clients) {
                client.close();
            }
            server.close();
            timer.shutdownNow();
        }
    }

    /** New clients keep coming during the shutdown, until the server no longer accepts connections. */
    private static void arriveUntilRefused(int port, Set<String> answered, List<Throwable> failures) {
        for (int i = 0; i < 10_000; i++) {
            try (RawClient client = new RawClient(port, 60_000)) {
                client.send(get("/late" + i));
                record(client, answered, failures);
            } catch (SocketException notAccepted) {
                return; // refused, or reset from the listen backlog when the listener closed: never accepted
            } catch (IOException | RuntimeException e) {
                failures.add(e);
                return;
            }
        }
    }

    /**
     * Reads until the server closes; every response must be whole: 200 with its own body, or the 503 of a
     * connection refused during shutdown. A connection closed before any byte of an answer is a request never
     * accepted, which {@link #everyAcceptedRequestGetsAWholeResponseAndNoOtherDoes} checks against the handler.
     */
    private static void record(RawClient client, Set<String> answered, List<Throwable> failures) {
        try {
            for (RawResponse response : client.readResponsesUntilClosed()) {
                String body = response.bodyText();
                if (response.status() == 200 && body.startsWith("done /") && body.endsWith(PADDING)) {
                    answered.add(body.substring(5, body.length() - PADDING.length()));
                } else if (response.status() != 503 || !body.contains("shutting down")) {
                    failures.add(new AssertionError("unexpected response " + response.statusLine()));
                }
            }
        } catch (IOException e) {
            failures.add(e); // a response cut short, or no close
        }
    }

    private static boolean canConnect(int port) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n";
    }

    /** 100 to 600 ms, fixed per path, so that the run is repeatable. */
    private static int delayOf(String path) {
        return 100 + Math.floorMod(path.hashCode() * 31, 500);
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
