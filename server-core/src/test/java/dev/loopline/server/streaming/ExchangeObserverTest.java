package dev.loopline.server.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.Body;
import dev.loopline.server.BodyPolicy;
import dev.loopline.server.Exchange;
import dev.loopline.server.ExchangeObserver;
import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Offload;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.StaticFiles;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.SubmissionPublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exchange observer: one report per request whose handler ran, at its end, with the route, the bytes that went in
 * and out (streamed bodies included), the loop time and the duration to the last byte, and how it ended.
 */
class ExchangeObserverTest {

    /** What an observer copied out of one exchange (the exchange itself is valid only during the call). */
    record Seen(String method, String path, String route, int status, Exchange.Outcome outcome, long bytesIn,
                long bytesOut, long loopNanos, long durationNanos, String thread) {
    }

    /** Keeps a copy of every exchange it is told of. */
    static final class Recorder implements ExchangeObserver {
        final List<Seen> seen = new CopyOnWriteArrayList<>();
        private final boolean duration;

        Recorder(boolean duration) {
            this.duration = duration;
        }

        @Override
        public void ended(Exchange exchange) {
            seen.add(new Seen(exchange.request().method(), exchange.request().path(), exchange.route(),
                    exchange.response() == null ? 0 : exchange.response().status(), exchange.outcome(),
                    exchange.requestBodyBytes(), exchange.responseBodyBytes(), exchange.loopNanos(),
                    exchange.durationNanos(), Thread.currentThread().getName()));
        }

        @Override
        public boolean wantsDuration() {
            return duration;
        }

        Seen only() {
            Await.until("one exchange reported", () -> seen.size() == 1, () -> seen);
            return seen.get(0);
        }
    }

    private static HttpServer start(Recorder recorder, Handler handler) {
        return TestServers.start(ServerConfig.builder().eventLoops(1).observer(recorder), handler);
    }

    @Test
    void anAggregatedExchangeReportsRouteBytesAndTimes() throws Exception {
        Recorder recorder = new Recorder(true);
        Handler echo = request -> Response.text("got " + request.body().length() + " bytes").completed();
        try (HttpServer server = start(recorder, request -> echo.handle(request.withRoute("/echo/{id}", Map.of())));
             RawClient client = new RawClient(server.port())) {
            RawResponse response = client.exchange("POST /echo/1 HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n"
                    + "hello world");
            assertEquals("got 11 bytes", response.bodyText());
            Seen seen = recorder.only();
            assertEquals(new Seen("POST", "/echo/1", "/echo/{id}", 200, Exchange.Outcome.COMPLETED, 11, 12,
                    seen.loopNanos(), seen.durationNanos(), "loopline-loop-1"), seen);
            assertTrue(seen.loopNanos() > 0 && seen.durationNanos() >= seen.loopNanos(), seen.toString());
        }
        assertEquals(1, recorder.seen.size(), "reported once, also after the server has closed: " + recorder.seen);
    }

    @Test
    void headAndNoContentSendNoBodyBytes() throws Exception {
        Recorder recorder = new Recorder(true);
        try (HttpServer server = start(recorder, request -> request.path().equals("/none")
                ? Response.empty(204).completed() : Response.text("twelve bytes").completed());
             RawClient client = new RawClient(server.port())) {
            assertEquals(200, client.send("HEAD /x HTTP/1.1\r\nHost: a\r\n\r\n").readHeadResponse().status());
            assertEquals(204, client.exchange("GET /none HTTP/1.1\r\nHost: a\r\n\r\n").status());
            Await.until("two reported", () -> recorder.seen.size() == 2, () -> recorder.seen);
            assertEquals(0, recorder.seen.get(0).bytesOut(), "HEAD: " + recorder.seen.get(0));
            assertEquals(0, recorder.seen.get(1).bytesOut(), "204: " + recorder.seen.get(1));
            assertEquals("", recorder.seen.get(0).route(), "no router: no route");
        }
    }

    @Test
    void aStreamedDownloadIsReportedWithItsBytesWhenItsLastByteIsWritten() throws Exception {
        Recorder recorder = new Recorder(true);
        try (HttpServer server = start(recorder, request ->
                Response.of(200, "text/plain", Body.stream(GeneratedPublisher.letters(64, 16 * 1024))).completed());
             RawClient client = new RawClient(server.port())) {
            RawResponse response = client.exchange("GET /download HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals(64 * 16 * 1024, response.body().length);
            Seen seen = recorder.only();
            assertEquals(Exchange.Outcome.COMPLETED, seen.outcome());
            assertEquals(64 * 16 * 1024, seen.bytesOut(), "the streamed bytes, not the chunk framing");
        }
    }

    @Test
    void aStreamedUploadIsReportedWithTheBytesTheHandlerRead() throws Exception {
        Recorder recorder = new Recorder(true);
        Handler count = BodyPolicy.streamed(1 << 24).applyTo(Offload.blocking(request -> {
            try (InputStream body = request.body().asStream()) {
                return Response.text("read " + body.readAllBytes().length).completed();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        byte[] upload = new byte[300_000];
        try (HttpServer server = start(recorder, count); RawClient client = new RawClient(server.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + upload.length + "\r\n\r\n");
            client.send(upload);
            assertEquals("read 300000", client.readResponse().bodyText());
            assertEquals(300_000, recorder.only().bytesIn());
        }
    }

    @Test
    void aClientThatLeavesMidDownloadIsReportedAbandonedWithWhatWentOut() throws Exception {
        Recorder recorder = new Recorder(true);
        GeneratedPublisher endless = GeneratedPublisher.letters(Long.MAX_VALUE, 8 * 1024);
        try (HttpServer server = start(recorder, request ->
                Response.of(200, "text/plain", Body.stream(endless)).completed())) {
            try (RawClient client = new RawClient(server.port())) {
                client.send("GET /forever HTTP/1.1\r\nHost: a\r\n\r\n");
                InputStream in = client.socket().getInputStream();
                in.readNBytes(100_000); // some of it, then away
            }
            Seen seen = recorder.only();
            assertEquals(Exchange.Outcome.ABANDONED, seen.outcome());
            assertTrue(seen.bytesOut() >= 100_000, seen.toString());
            assertEquals(200, seen.status());
        }
        assertEquals(1, recorder.seen.size(), "reported once: " + recorder.seen);
    }

    @Test
    void aFileSentWithSendfileIsReportedWhenItHasGoneOutOrTheClientLeft(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("big.bin");
        Files.write(file, new byte[4 << 20]);
        Recorder recorder = new Recorder(true);
        try (HttpServer server = start(recorder, request -> StaticFiles.file(request, file))) {
            try (RawClient client = new RawClient(server.port())) {
                assertEquals(4 << 20, client.exchange("GET /big HTTP/1.1\r\nHost: a\r\n\r\n").body().length);
            }
            Seen whole = recorder.only();
            assertEquals(Exchange.Outcome.COMPLETED, whole.outcome());
            assertEquals(4 << 20, whole.bytesOut());
            try (RawClient client = new RawClient(server.port())) {
                client.socket().setReceiveBufferSize(4096);
                client.send("GET /big HTTP/1.1\r\nHost: a\r\n\r\n");
                client.socket().getInputStream().readNBytes(1000); // the head and a little: then away
            }
            Await.until("the second is reported", () -> recorder.seen.size() == 2, () -> recorder.seen);
            Seen cut = recorder.seen.get(1);
            assertEquals(Exchange.Outcome.ABANDONED, cut.outcome(), cut.toString());
            assertTrue(cut.bytesOut() < 4 << 20, cut.toString());
        }
    }

    @Test
    void anUploadOverItsLimitWhileTheResponseStreamsKeepsTheResponseThatWentOut() throws Exception {
        Recorder recorder = new Recorder(true);
        SubmissionPublisher<ByteBuffer> slowBody = new SubmissionPublisher<>();
        Handler echoWhileReading = BodyPolicy.streamed(1000).applyTo(request -> {
            request.body().publisher().subscribe(new java.util.concurrent.Flow.Subscriber<>() {
                @Override public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                    subscription.request(Long.MAX_VALUE); // reads all it is sent: past 1000 bytes the server says 413
                }
                @Override public void onNext(ByteBuffer item) {
                }
                @Override public void onError(Throwable failure) {
                    slowBody.close(); // the upload was refused: the response ends
                }
                @Override public void onComplete() {
                    slowBody.close();
                }
            });
            return Response.of(200, "text/plain", Body.stream(slowBody)).completed();
        });
        try (HttpServer server = start(recorder, echoWhileReading);
             RawClient client = new RawClient(server.port())) {
            client.send("POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
            Await.until("the response streams", () -> slowBody.getNumberOfSubscribers() == 1);
            slowBody.submit(ByteBuffer.wrap("started".getBytes(StandardCharsets.US_ASCII)));
            client.send("1388\r\n" + "x".repeat(5000) + "\r\n"); // 5000 bytes: over the route's limit
            String wire = new String(client.readUntilClosed(), StandardCharsets.ISO_8859_1);
            assertTrue(wire.startsWith("HTTP/1.1 200"), wire);
            Seen seen = recorder.only();
            assertEquals(200, seen.status(), "the status that went out, not the refusal's 413: " + seen);
        }
        assertEquals(1, recorder.seen.size(), recorder.seen.toString());
    }

    @Test
    void aHandlerThatTimesOutIsReportedWithTheServersAnswer() throws Exception {
        Recorder recorder = new Recorder(true);
        try (HttpServer server = TestServers.start(ServerConfig.builder().eventLoops(1)
                .handlerTimeout(java.time.Duration.ofMillis(200)).observer(recorder),
                request -> new java.util.concurrent.CompletableFuture<>());
             RawClient client = new RawClient(server.port())) {
            assertEquals(503, client.exchange("GET /never HTTP/1.1\r\nHost: a\r\n\r\n").status());
            Seen seen = recorder.only();
            assertEquals(503, seen.status());
            assertEquals(Exchange.Outcome.COMPLETED, seen.outcome());
        }
        assertEquals(1, recorder.seen.size());
    }

    @Test
    void aPublisherThatFailsMidStreamIsReportedBroken() throws Exception {
        Recorder recorder = new Recorder(true);
        SubmissionPublisher<ByteBuffer> publisher = new SubmissionPublisher<>();
        try (HttpServer server = start(recorder, request ->
                Response.of(200, "text/plain", Body.stream(publisher)).completed());
             RawClient client = new RawClient(server.port())) {
            client.send("GET /s HTTP/1.1\r\nHost: a\r\n\r\n");
            Await.until("subscribed", () -> publisher.getNumberOfSubscribers() == 1);
            publisher.submit(ByteBuffer.wrap("first part".getBytes(StandardCharsets.US_ASCII)));
            client.readUntil("first part"); // the head went out with it: the status cannot change now
            publisher.closeExceptionally(new IllegalStateException("database went away"));
            client.readUntilClosed();
            Seen seen = recorder.only();
            assertEquals(Exchange.Outcome.BROKEN, seen.outcome());
            assertEquals(10, seen.bytesOut());
        }
    }

    @Test
    void refusedRequestsAreNotReportedAndAnObserverThatThrowsBreaksNothing() throws Exception {
        Recorder recorder = new Recorder(false);
        ExchangeObserver throwing = new ExchangeObserver() {
            @Override
            public void ended(Exchange exchange) {
                throw new IllegalStateException("a broken observer");
            }

            @Override
            public boolean wantsDuration() {
                return false;
            }
        };
        try (HttpServer server = TestServers.start(ServerConfig.builder().eventLoops(1).observer(throwing)
                .observer(recorder), request -> Response.text("fine").completed())) {
            try (RawClient client = new RawClient(server.port())) {
                assertEquals(400, client.exchange("GET /a HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").status());
            }
            try (RawClient client = new RawClient(server.port())) {
                assertEquals("fine", client.exchange("GET /b HTTP/1.1\r\nHost: a\r\n\r\n").bodyText());
                assertEquals("fine", client.exchange("GET /c HTTP/1.1\r\nHost: a\r\n\r\n").bodyText());
            }
            Await.until("two reported", () -> recorder.seen.size() == 2, () -> recorder.seen);
            assertEquals("/b", recorder.seen.get(0).path());
            assertEquals(-1, recorder.seen.get(0).durationNanos(), "no observer asked for the duration");
        }
    }
}
