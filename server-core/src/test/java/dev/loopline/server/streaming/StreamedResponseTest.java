package dev.loopline.server.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.loopline.server.Body;
import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.LogCapture;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Streamed response bodies over real sockets: framing, HEAD, errors before and after the head, backpressure. */
class StreamedResponseTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static HttpResponse<String> get(HttpServer server, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Handler streaming(Body body) {
        return request -> Response.of(200, "text/plain", body).completed();
    }

    @Test
    void anUnknownLengthIsSentChunkedAndArrivesWhole() throws Exception {
        GeneratedPublisher publisher = GeneratedPublisher.letters(100, 1000);
        try (HttpServer server = TestServers.start(streaming(Body.stream(publisher)));
             RawClient client = new RawClient(server.port())) {
            RawResponse response = client.exchange("GET /s HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("chunked", response.header("Transfer-Encoding"));
            assertNull(response.header("Content-Length"));
            assertEquals(100_000, response.body().length);
            assertEquals('a', response.body()[0]);
            assertEquals('z', response.body()[25_999]);
            // the connection stays usable after the last chunk
            assertEquals(200, client.exchange("GET /again HTTP/1.1\r\nHost: a\r\n\r\n").status());
        }
    }

    /**
     * Chunks as large as the write buffer's high-water mark: each write makes the channel unwritable, and the flush
     * that follows makes it writable again while the stream is still draining. That event must not be lost: the
     * publisher (which, like most, completes only when asked once more) must be asked again, or the body never ends.
     */
    @Test
    void chunksAsLargeAsTheHighWaterMarkStillEndTheBody() throws Exception {
        ServerConfig.Builder config = ServerConfig.builder().writeBufferLowWaterMark(32 * 1024)
                .writeBufferHighWaterMark(64 * 1024);
        try (HttpServer server = TestServers.start(config, streaming(Body.stream(completingWhenAskedAgain(64,
                64 * 1024))));
             RawClient client = new RawClient(server.port())) {
            RawResponse response = client.exchange("GET /s HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals(64 * 64 * 1024, response.body().length, "the whole body, with its last chunk");
            assertEquals(200, client.exchange("GET /again HTTP/1.1\r\nHost: a\r\n\r\n").status());
        }
    }

    /** {@code count} buffers of {@code size} bytes; like many publishers, it completes only when asked for more. */
    private static Flow.Publisher<ByteBuffer> completingWhenAskedAgain(int count, int size) {
        return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            private int sent;
            private boolean done;

            @Override
            public synchronized void request(long n) {
                for (long i = 0; i < n && !done; i++) {
                    if (sent == count) {
                        done = true;
                        subscriber.onComplete();
                        return;
                    }
                    sent++;
                    subscriber.onNext(ByteBuffer.wrap(new byte[size]));
                }
            }

            @Override
            public synchronized void cancel() {
                done = true;
            }
        });
    }

    @Test
    void aKnownLengthIsSentWithContentLength() throws Exception {
        try (HttpServer server = TestServers.start(streaming(Body.stream(GeneratedPublisher.letters(10, 500), 5000)))) {
            HttpResponse<String> response = get(server, "/s");
            assertEquals("5000", response.headers().firstValue("Content-Length").orElseThrow());
            assertEquals(5000, response.body().length());
        }
    }

    @Test
    void anHttp10ClientGetsACloseDelimitedBody() throws Exception {
        try (HttpServer server = TestServers.start(streaming(Body.stream(GeneratedPublisher.letters(5, 100))));
             Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write("GET /s HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.1 200"), text);
            assertFalse(text.contains("Transfer-Encoding"), text);
            assertTrue(text.contains("Connection: close"), text);
            assertEquals(500, text.substring(text.indexOf("\r\n\r\n") + 4).length());
        }
    }

    @Test
    void headNeverSubscribes() throws Exception {
        GeneratedPublisher publisher = GeneratedPublisher.letters(3, 10);
        try (HttpServer server = TestServers.start(streaming(Body.stream(publisher)));
             RawClient client = new RawClient(server.port())) {
            RawResponse head = client.send("HEAD /s HTTP/1.1\r\nHost: a\r\n\r\n").readHeadResponse();
            assertEquals(200, head.status());
            assertEquals("chunked", head.header("Transfer-Encoding"));
            assertEquals(0, publisher.subscriptions.get());
        }
    }

    @Test
    void aPublisherThatFailsBeforeItsFirstBufferGetsAnErrorResponse() throws Exception {
        Flow.Publisher<ByteBuffer> failing = subscriber -> {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override public void request(long n) {
                    subscriber.onError(new HttpStatusException(409, "the export is locked"));
                }
                @Override public void cancel() { }
            });
        };
        try (HttpServer server = TestServers.start(streaming(Body.stream(failing)))) {
            HttpResponse<String> response = get(server, "/s");
            assertEquals(409, response.statusCode());
            assertTrue(response.body().contains("the export is locked"), response.body());
        }
    }

    @Test
    void aPublisherThatFailsMidStreamCutsTheConnectionWithOneErrorLine() throws Exception {
        SubmissionPublisher<ByteBuffer> publisher = new SubmissionPublisher<>();
        try (LogCapture log = LogCapture.of("dev.loopline.handler");
             HttpServer server = TestServers.start(streaming(Body.stream(publisher)));
             RawClient client = new RawClient(server.port())) {
            client.send("GET /s HTTP/1.1\r\nHost: a\r\n\r\n");
            Await.until("subscribed", () -> publisher.getNumberOfSubscribers() == 1);
            publisher.submit(ByteBuffer.wrap("first part".getBytes(StandardCharsets.US_ASCII)));
            StringBuilder received = new StringBuilder(client.readUntil("first part")); // the head went out with it
            assertTrue(received.toString().startsWith("HTTP/1.1 200"), received.toString());
            publisher.closeExceptionally(new IllegalStateException("database went away"));
            received.append(new String(client.readUntilClosed(), StandardCharsets.ISO_8859_1));
            assertFalse(received.toString().endsWith("0\r\n\r\n"), "a cut body must not look complete: " + received);
            Await.until("one ERROR line", () -> log.events(Level.ERROR).size() == 1);
            assertTrue(log.events(Level.ERROR).get(0).getFormattedMessage().contains("GET /s"));
        }
    }

    @Test
    void aPublisherThatBreaksItsDeclaredLengthCutsTheConnection() throws Exception {
        try (HttpServer server = TestServers.start(streaming(Body.stream(GeneratedPublisher.letters(3, 10), 100)));
             RawClient client = new RawClient(server.port())) {
            client.send("GET /s HTTP/1.1\r\nHost: a\r\n\r\n");
            String received = new String(client.readUntilClosed(), StandardCharsets.ISO_8859_1);
            assertTrue(received.contains("Content-Length: 100"), received);
            assertEquals(30, received.substring(received.indexOf("\r\n\r\n") + 4).length());
        }
    }

    @Test
    void trailersFollowTheLastChunk() throws Exception {
        Body body = Body.stream(GeneratedPublisher.letters(2, 3)).withTrailers(() -> Map.of("X-Checksum", "abc123"));
        try (HttpServer server = TestServers.start(streaming(body));
             Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write("GET /s HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(text.endsWith("\r\n\r\n3\r\naaa\r\n3\r\nbbb\r\n0\r\nX-Checksum: abc123\r\n\r\n"), text);
        }
    }

    @Test
    void aWriterRunsOnTheBlockingExecutorAtTheClientsPace() throws Exception {
        Body body = Body.writer(out -> {
            String thread = Thread.currentThread().getName();
            for (int i = 0; i < 10_000; i++) {
                out.write(("row " + i + " on " + thread + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        });
        try (HttpServer server = TestServers.start(streaming(body))) {
            String text = get(server, "/rows").body();
            String[] lines = text.split("\n");
            assertEquals(10_000, lines.length);
            assertTrue(lines[9_999].startsWith("row 9999 on loopline-blocking-"), lines[9_999]);
        }
    }

    @Test
    void theHeadGoesOutBeforeTheBodyIsComplete() throws Exception {
        SubmissionPublisher<ByteBuffer> publisher = new SubmissionPublisher<>();
        try (HttpServer server = TestServers.start(streaming(Body.stream(publisher)))) {
            CompletableFuture<HttpResponse<InputStream>> response = CLIENT.sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/export")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            Await.until("subscribed", () -> publisher.getNumberOfSubscribers() == 1);
            publisher.submit(ByteBuffer.wrap("header row\n".getBytes(StandardCharsets.US_ASCII)));
            HttpResponse<InputStream> started = response.get(10, TimeUnit.SECONDS); // the body has not ended
            assertEquals(200, started.statusCode());
            byte[] first = new byte[11];
            assertEquals(11, started.body().readNBytes(first, 0, 11));
            assertEquals("header row\n", new String(first, StandardCharsets.US_ASCII));
            publisher.submit(ByteBuffer.wrap("last row\n".getBytes(StandardCharsets.US_ASCII)));
            publisher.close();
            assertEquals("last row\n", new String(started.body().readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aClientThatStopsReadingStopsTheProducerAndItsDisconnectCancels() throws Exception {
        GeneratedPublisher endless = GeneratedPublisher.letters(Long.MAX_VALUE, 64 * 1024);
        try (HttpServer server = TestServers.start(streaming(Body.stream(endless)))) {
            RawClient client = new RawClient(server.port());
            client.send("GET /endless HTTP/1.1\r\nHost: a\r\n\r\n");
            // the client reads nothing: production stops once socket buffers and the write buffer are full
            long settled = Await.settled("production stops", () -> (int) endless.produced.get());
            assertTrue(settled * 64 * 1024 < 64L * 1024 * 1024, "produced " + settled + " buffers for a client that"
                    + " reads nothing");
            InputStream in = client.socket().getInputStream();
            byte[] some = in.readNBytes(8 * 1024 * 1024); // the client reads: production resumes
            assertEquals(8 * 1024 * 1024, some.length);
            Await.until("production resumed", () -> endless.produced.get() > settled);
            client.socket().setSoLinger(true, 0);
            client.close(); // the client goes away mid-body
            Await.until("the publisher was cancelled", () -> endless.cancellations.get() == 1);
            Await.until("nothing in flight", () -> server.stats().requestsInFlight() == 0
                    && server.stats().openConnections() == 0, server::stats);
        }
    }

    @Test
    void aPipelinedResponseWaitsBehindAStreamedOne() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SubmissionPublisher<ByteBuffer> publisher = new SubmissionPublisher<>();
        Handler handler = request -> request.path().equals("/stream")
                ? Response.of(200, "text/plain", Body.stream(publisher)).completed()
                : Response.text("after").completed();
        try (HttpServer server = TestServers.start(handler); RawClient client = new RawClient(server.port())) {
            client.send("GET /stream HTTP/1.1\r\nHost: a\r\n\r\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n");
            Await.until("subscribed", () -> publisher.getNumberOfSubscribers() == 1);
            publisher.submit(ByteBuffer.wrap("streamed".getBytes(StandardCharsets.US_ASCII)));
            publisher.close();
            release.countDown();
            assertEquals("streamed", client.readResponse().bodyText());
            assertEquals("after", client.readResponse().bodyText());
        }
    }

    @Test
    void aPublisherThatNeverProducesIsAnsweredAfterTheStallTimeout() throws Exception {
        Flow.Publisher<ByteBuffer> silent = subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            @Override public void request(long n) { }
            @Override public void cancel() { }
        });
        try (HttpServer server = TestServers.start(ServerConfig.builder().idleTimeout(Duration.ofMillis(300)),
                streaming(Body.stream(silent)))) {
            assertEquals(503, get(server, "/s").statusCode());
        }
    }
}
