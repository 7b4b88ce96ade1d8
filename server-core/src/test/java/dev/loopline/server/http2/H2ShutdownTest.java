package dev.loopline.server.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.ServerSentEvents;
import dev.loopline.server.ServerSentEvents.Event;
import dev.loopline.server.ServerSentEvents.EventStream;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.TestServers;
import io.netty.handler.codec.http2.Http2Error;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Graceful shutdown of HTTP/2 connections: GOAWAY NO_ERROR naming the last stream the server took, streams in flight
 * finished within the grace period, streams opened after the GOAWAY never served, then the connection closed.
 */
class H2ShutdownTest {

    /** The GOAWAY that names the last stream: RFC 9113 section 6.8 allows a first one naming 2^31-1 as a notice. */
    private static Frame awaitFinalGoAway(RawH2Client client) throws IOException {
        Frame goAway = client.awaitGoAway();
        while (true) {
            assertEquals(Http2Error.NO_ERROR.name(), Frame.errorName(goAway.errorCode()), goAway.toString());
            if (goAway.lastStreamId() != Integer.MAX_VALUE) {
                return goAway;
            }
            goAway = client.awaitGoAway();
        }
    }

    @Test
    void closeSendsGoAwayWithTheLastStreamFinishesItsResponseAndThenClosesTheConnection() throws Exception {
        CompletableFuture<Response> slow = new CompletableFuture<>();
        AtomicInteger slowCalls = new AtomicInteger();
        AtomicInteger afterCalls = new AtomicInteger();
        String body = "0123456789".repeat(10_000); // 100 kB: several DATA frames, more than one window
        HttpServer server = TestServers.start(ServerConfig.builder().shutdownGracePeriod(Duration.ofSeconds(20)),
                request -> {
                    if (request.path().equals("/slow")) {
                        slowCalls.incrementAndGet();
                        return slow;
                    }
                    afterCalls.incrementAndGet();
                    return Response.text("after").completed();
                });
        Thread closer = new Thread(server::close, "closer");
        try (RawH2Client client = RawH2Client.connect(server.port());
             RawH2Client idle = RawH2Client.connect(server.port())) {
            client.get(1, "/slow");
            Await.until("the stream is in flight", () -> slowCalls.get() == 1);
            closer.start();

            Frame goAway = awaitFinalGoAway(client);
            assertEquals(1, goAway.lastStreamId(), goAway.toString());
            Frame idleGoAway = awaitFinalGoAway(idle);
            assertEquals(0, idleGoAway.lastStreamId(), idleGoAway.toString());
            assertTrue(idle.isClosed(), "an idle connection is closed at shutdown; seen: " + idle.seen());

            client.get(3, "/after"); // past the GOAWAY's last stream: to be ignored or refused, never served
            client.sync();
            slow.complete(Response.text(body));
            StreamResult result = client.awaitResponse(1);
            assertEquals(200, result.status(), result.toString());
            assertEquals(body, result.bodyText(), "the whole body arrives");
            assertTrue(client.isClosed(), "the connection is closed once its last stream is done; seen: "
                    + client.seen());
            assertTrue(client.seen().stream().noneMatch(frame -> frame.startsWith("HEADERS s=3")),
                    "the stream opened after GOAWAY was answered; seen: " + client.seen());
            assertEquals(0, afterCalls.get(), "the stream opened after GOAWAY reached the handler");
            closer.join(30_000);
            assertFalse(closer.isAlive(), "close() returns once everything has stopped");
        } finally {
            slow.complete(Response.text("late"));
            server.close();
        }
    }

    @Test
    void aStreamStillRunningAfterTheGracePeriodIsCutOffAndTheConnectionClosed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = TestServers.start(ServerConfig.builder().shutdownGracePeriod(Duration.ofMillis(200)),
                request -> {
                    calls.incrementAndGet();
                    return new CompletableFuture<>(); // never completes
                });
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            client.get(1, "/stuck");
            Await.until("the stream is in flight", () -> calls.get() == 1);
            server.close();
            Frame goAway = awaitFinalGoAway(client);
            assertEquals(1, goAway.lastStreamId(), goAway.toString());
            assertTrue(client.isClosed(), "still open after the grace period; seen: " + client.seen());
            assertTrue(client.seen().stream().noneMatch(frame -> frame.startsWith("HEADERS s=1")),
                    "a response for a stream that never completed; seen: " + client.seen());
        } finally {
            server.close();
        }
    }

    @Test
    void anEventStreamEndsCleanlyWhenTheServerDrainsInsteadOfWaitingOutTheGracePeriod() throws Exception {
        List<EventStream> streams = new CopyOnWriteArrayList<>();
        HttpServer server = TestServers.start(ServerConfig.builder().shutdownGracePeriod(Duration.ofSeconds(20)),
                request -> ServerSentEvents.stream(request, streams::add).completed());
        Thread closer = new Thread(server::close, "closer");
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            client.headers(1, Hpack.request("GET", "/events", "accept", "text/event-stream"), true);
            Await.until("the event stream is open", () -> streams.size() == 1);
            streams.get(0).send(Event.data("one"));
            closer.start();

            // within the client's 5 s read timeout: as on HTTP/1.1, not only when the 20 s grace period is over
            StreamResult result = client.awaitResponse(1);
            assertEquals(200, result.status(), result.toString());
            assertTrue(result.bodyText().contains("data: one"), result.toString());
            assertTrue(client.isClosed(), "the connection is closed once its event stream has ended; seen: "
                    + client.seen());
            closer.join(30_000);
            assertFalse(closer.isAlive(), "close() returns once everything has stopped");
        } finally {
            server.close();
        }
    }
}
