package dev.loopline.server.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.ServerSentEvents;
import dev.loopline.server.ServerSentEvents.Event;
import dev.loopline.server.ServerSentEvents.EventStream;
import ch.qos.logback.classic.Level;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.LogCapture;
import dev.loopline.testsupport.TestServers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Server-sent events over real sockets: the wire format, reconnects, heartbeats, slow clients, shutdown. */
class ServerSentEventsTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** Every stream the handler opened, for the test to send on. */
    private final List<EventStream> streams = new CopyOnWriteArrayList<>();

    private Handler events(ServerSentEvents.Options options) {
        return request -> ServerSentEvents.stream(request, options, streams::add).completed();
    }

    private static HttpResponse<Stream<String>> open(HttpServer server, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/events"));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofLines());
    }

    @Test
    void eventsArriveInTheEventStreamFormat() throws Exception {
        try (HttpServer server = TestServers.start(events(ServerSentEvents.Options.defaults()
                .retry(Duration.ofSeconds(3))))) {
            HttpResponse<Stream<String>> response = open(server, null);
            assertEquals(200, response.statusCode());
            assertEquals("text/event-stream; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
            Await.until("the stream is open", () -> streams.size() == 1);
            EventStream stream = streams.get(0);
            assertTrue(stream.send(Event.data("line one\nline two").id("7").name("tick")));
            assertTrue(stream.comment("keep going"));
            stream.send("plain");
            Event shared = Event.data("a\r\nb\rc\n"); // CRLF, CR and LF all end a line; the last line is empty
            stream.send(shared); // encoded once, however many streams it goes to
            stream.close();
            List<String> lines = response.body().toList(); // ends when the server ends the stream
            assertEquals(List.of("retry: 3000", "", "id: 7", "event: tick", "data: line one", "data: line two", "",
                    ": keep going", "", "data: plain", "", "data: a", "data: b", "data: c", "data: ", ""), lines);
            assertFalse(stream.send("after close"));
            assertTrue(stream.closed().toCompletableFuture().isDone());
        }
    }

    @Test
    void aReconnectingClientsLastEventIdReachesTheHandler() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Handler handler = request -> {
            seen.complete(ServerSentEvents.lastEventId(request).orElse("none"));
            return ServerSentEvents.stream(request, EventStream::close).completed();
        };
        try (HttpServer server = TestServers.start(handler)) {
            open(server, "41").body().toList();
            assertEquals("41", seen.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aClientThatLeavesClosesItsStream() throws Exception {
        try (HttpServer server = TestServers.start(events(ServerSentEvents.Options.defaults()))) {
            Socket socket = new Socket("127.0.0.1", server.port());
            socket.getOutputStream().write("GET /events HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Await.until("the stream is open", () -> streams.size() == 1);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("HTTP/1.1 200 OK", in.readLine());
            socket.setSoLinger(true, 0);
            socket.close();
            EventStream stream = streams.get(0);
            stream.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertFalse(stream.isOpen());
            Await.until("nothing left", () -> server.stats().openConnections() == 0
                    && server.stats().pendingTimers() == 0, server::stats);
        }
    }

    @Test
    void heartbeatsKeepAQuietStreamAlive() throws Exception {
        try (HttpServer server = TestServers.start(ServerConfig.builder().idleTimeout(Duration.ofMillis(500)),
                events(ServerSentEvents.Options.defaults().heartbeat(Duration.ofMillis(100))))) {
            HttpResponse<Stream<String>> response = open(server, null);
            // no events at all, for longer than the idle timeout: only heartbeats, and the stream stays open
            long comments = response.body().filter(line -> line.equals(":")).limit(10).count();
            assertEquals(10, comments);
            assertTrue(streams.get(0).isOpen());
        }
    }

    @Test
    void aSlowClientLosesItsOldestEventsAndNeverSlowsTheOthers() throws Exception {
        try (HttpServer server = TestServers.start(events(ServerSentEvents.Options.defaults().bufferEvents(100)));
             Socket slow = new Socket("127.0.0.1", server.port())) {
            slow.setReceiveBufferSize(4096);
            slow.getOutputStream().write("GET /events HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Await.until("the slow stream is open", () -> streams.size() == 1);
            HttpResponse<Stream<String>> fast = open(server, null);
            Await.until("both streams are open", () -> streams.size() == 2);
            AtomicLong fastReceived = new AtomicLong();
            Thread reader = new Thread(() -> fast.body().filter(line -> line.startsWith("id: "))
                    .forEach(line -> fastReceived.incrementAndGet()), "fast-client");
            reader.start();
            String kilobyte = "x".repeat(1024);
            int sent = 0;
            for (int batch = 0; batch < 200; batch++) { // 20 MB to every client; the slow one reads nothing
                for (int i = 0; i < 100; i++, sent++) {
                    for (EventStream stream : streams) {
                        stream.send(Event.data(kilobyte).id(Integer.toString(sent)));
                    }
                }
                long expected = sent;
                Await.until("the fast client keeps up", () -> fastReceived.get() == expected);
            }
            assertEquals(0, streams.get(1).droppedEvents(), "the fast client lost nothing");
            assertTrue(streams.get(0).droppedEvents() > 10_000, "dropped " + streams.get(0).droppedEvents());
            assertTrue(streams.get(0).isOpen());
            streams.get(1).close();
            reader.join(10_000);
        }
    }

    @Test
    void aSlowClientCanBeDisconnectedInstead() throws Exception {
        try (HttpServer server = TestServers.start(events(ServerSentEvents.Options.defaults().bufferEvents(10)
                .whenSlow(ServerSentEvents.Overflow.CLOSE)));
             Socket slow = new Socket("127.0.0.1", server.port())) {
            slow.setReceiveBufferSize(4096);
            slow.getOutputStream().write("GET /events HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Await.until("the stream is open", () -> streams.size() == 1);
            EventStream stream = streams.get(0);
            String kilobyte = "x".repeat(1024);
            int sent = 0;
            while (stream.send(Event.data(kilobyte)) && sent < 100_000) {
                sent++;
            }
            assertTrue(sent < 100_000, "the stream never ended");
            stream.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shutdownEndsEventStreamsWithoutWaitingForTheGracePeriod() throws Exception {
        HttpServer server = TestServers.start(ServerConfig.builder().shutdownGracePeriod(Duration.ofSeconds(30)),
                events(ServerSentEvents.Options.defaults()));
        HttpResponse<Stream<String>> response = open(server, null);
        Await.until("the stream is open", () -> streams.size() == 1);
        streams.get(0).send("before shutdown");
        try (LogCapture log = LogCapture.of("dev.loopline.server")) {
            server.close();
            List<String> lines = new ArrayList<>(response.body().toList()); // the stream has ended
            assertTrue(lines.contains("data: before shutdown"), lines.toString());
            assertFalse(streams.get(0).isOpen());
            assertTrue(log.events(Level.WARN).isEmpty(), "the grace period ran out: " + log.events(Level.WARN));
        }
    }
}
