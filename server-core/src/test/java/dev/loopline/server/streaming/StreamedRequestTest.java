package dev.loopline.server.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.BodyPolicy;
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
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Streamed request bodies over real sockets: pace, limits, 100-continue, early answers, trailers, failures. */
class StreamedRequestTest {

    /** Reads the body on the blocking executor as an input stream and answers its size and SHA-256. */
    private static final Handler DIGEST = Offload.blocking(request -> {
        try (InputStream body = request.body().asStream()) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = body.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
                total += n;
            }
            return Response.text(total + " " + HexFormat.of().formatHex(sha.digest())).completed();
        } catch (IOException failed) {
            throw new java.io.UncheckedIOException(failed);
        } catch (java.security.NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    });

    private static byte[] data(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + i / 1000);
        }
        return bytes;
    }

    private static String digest(byte[] bytes) throws Exception {
        return bytes.length + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aBodyLargerThanTheAggregationLimitStreamsToTheHandler() throws Exception {
        byte[] upload = data(8 * 1024 * 1024); // eight times the server's aggregation limit
        try (HttpServer server = TestServers.start(BodyPolicy.streamed(64L * 1024 * 1024).applyTo(DIGEST));
             RawClient client = new RawClient(server.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + upload.length + "\r\n\r\n");
            client.send(upload);
            RawResponse response = client.readResponse();
            assertEquals(200, response.status());
            assertEquals(digest(upload), response.bodyText());
            assertEquals(200, client.exchange("GET /after HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").status());
        }
    }

    @Test
    void noDemandMeansNoReadingSoTheClientIsHeldBack() throws Exception {
        AtomicReference<Flow.Subscription> held = new AtomicReference<>();
        AtomicLong delivered = new AtomicLong();
        CompletableFuture<Response> answer = new CompletableFuture<>();
        Handler lazy = request -> {
            request.body().publisher().subscribe(new Flow.Subscriber<>() {
                @Override public void onSubscribe(Flow.Subscription subscription) {
                    held.set(subscription);
                    subscription.request(1); // one buffer, then nothing until the test says so
                }
                @Override public void onNext(ByteBuffer item) {
                    delivered.addAndGet(item.remaining());
                }
                @Override public void onError(Throwable failure) {
                    answer.completeExceptionally(failure);
                }
                @Override public void onComplete() {
                    answer.complete(Response.text("got " + delivered.get()));
                }
            });
            return answer;
        };
        long total = 256L * 1024 * 1024;
        try (HttpServer server = TestServers.start(BodyPolicy.streamed(total).applyTo(lazy));
             RawClient client = new RawClient(server.port(), 60_000)) {
            AtomicLong sent = new AtomicLong();
            Thread writer = new Thread(() -> sendZeros(client, total, sent), "uploader");
            writer.start();
            // with no demand the server stops reading: the upload stalls once the socket buffers are full
            long stalledAt = Await.settled("the upload stalls", () -> (int) (sent.get() / 1024)) * 1024L;
            assertTrue(stalledAt < 48L * 1024 * 1024, "the client could send " + stalledAt + " bytes");
            assertTrue(delivered.get() < 1024 * 1024, "delivered " + delivered.get() + " without demand");
            held.get().request(Long.MAX_VALUE); // the handler wants it all now: the upload resumes to its end
            RawResponse response = client.readResponse();
            assertEquals("got " + total, response.bodyText());
            writer.join(10_000);
        }
    }

    private static void sendZeros(RawClient client, long total, AtomicLong sent) {
        try {
            OutputStream out = client.socket().getOutputStream();
            out.write(("POST /lazy HTTP/1.1\r\nHost: a\r\nContent-Length: " + total + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] zeros = new byte[64 * 1024];
            while (sent.get() < total) {
                out.write(zeros);
                sent.addAndGet(zeros.length);
            }
        } catch (IOException ended) {
            // the test ended the connection
        }
    }

    @Test
    void continueIsSentWhenTheHandlerFirstAsks() throws Exception {
        try (HttpServer server = TestServers.start(BodyPolicy.streamed(1024).applyTo(DIGEST));
             RawClient client = new RawClient(server.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertEquals(100, client.readResponse().status());
            client.send("hello");
            assertEquals(digest("hello".getBytes(StandardCharsets.US_ASCII)), client.readResponse().bodyText());
        }
    }

    @Test
    void aHandlerThatNeverAsksAnswersWithoutContinueAndTheConnectionCloses() throws Exception {
        Handler refuses = BodyPolicy.streamed(1024).applyTo(request -> Response.status(403).completed());
        try (HttpServer server = TestServers.start(refuses); RawClient client = new RawClient(server.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawResponse response = client.readResponse();
            assertEquals(403, response.status(), "a final status, no 100 first");
            assertEquals("close", response.header("Connection"));
            assertTrue(client.isClosedByServer());
        }
    }

    @Test
    void anUnreadBodyIsDroppedWhenShortAndClosesTheConnectionWhenLong() throws Exception {
        Handler early = BodyPolicy.streamed(64L * 1024 * 1024).applyTo(request -> Response.text("early").completed());
        try (HttpServer server = TestServers.start(early); RawClient client = new RawClient(server.port())) {
            byte[] shortBody = data(100 * 1024);
            client.send("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: " + shortBody.length + "\r\n\r\n")
                    .send(shortBody).send("GET /b HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("early", client.readResponse().bodyText());
            assertEquals("early", client.readResponse().bodyText(), "the next request on the same connection");
        }
        try (HttpServer server = TestServers.start(early); RawClient client = new RawClient(server.port())) {
            client.send("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: " + 8 * 1024 * 1024 + "\r\n\r\n");
            assertEquals("early", client.readResponse().bodyText());
            AtomicLong sent = new AtomicLong();
            sendRest(client, 8 * 1024 * 1024, sent);
            assertTrue(client.isClosedByServer(), "a long unread body ends the connection");
        }
    }

    private static void sendRest(RawClient client, long total, AtomicLong sent) {
        try {
            byte[] zeros = new byte[64 * 1024];
            while (sent.get() < total) {
                client.socket().getOutputStream().write(zeros);
                sent.addAndGet(zeros.length);
            }
        } catch (IOException closedByServer) {
            // expected once the server has dropped enough
        }
    }

    @Test
    void theRouteLimitAppliesToStreamedAndAggregatedBodies() throws Exception {
        Handler small = BodyPolicy.streamed(1000).applyTo(DIGEST);
        try (HttpServer server = TestServers.start(small); RawClient client = new RawClient(server.port())) {
            RawResponse announced = client.exchange("POST /s HTTP/1.1\r\nHost: a\r\nContent-Length: 2000\r\n\r\n");
            assertEquals(413, announced.status());
            assertTrue(announced.bodyText().contains("limit of 1000 bytes"), announced.bodyText());
        }
        try (HttpServer server = TestServers.start(small); RawClient client = new RawClient(server.port())) {
            client.send("POST /s HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n7d0\r\n")
                    .send(new byte[2000]).send("\r\n0\r\n\r\n");
            assertEquals(413, client.readResponse().status());
            assertTrue(client.isClosedByServer());
        }
        Handler large = BodyPolicy.aggregated(4 * 1024 * 1024).applyTo(request ->
                Response.text(request.body().length() + " bytes").completed());
        try (HttpServer server = TestServers.start(large); RawClient client = new RawClient(server.port())) {
            byte[] twoMegabytes = data(2 * 1024 * 1024); // over the server's default of 1 MiB
            client.send("POST /big HTTP/1.1\r\nHost: a\r\nContent-Length: " + twoMegabytes.length + "\r\n\r\n")
                    .send(twoMegabytes);
            assertEquals(twoMegabytes.length + " bytes", client.readResponse().bodyText());
        }
    }

    @Test
    void aChunkedUploadHandsItsTrailersToTheHandler() throws Exception {
        Handler trailers = BodyPolicy.streamed(1024).applyTo(Offload.blocking(request -> {
            try (InputStream body = request.body().asStream()) {
                String text = new String(body.readAllBytes(), StandardCharsets.US_ASCII);
                String checksum = request.body().trailers().toCompletableFuture().join().firstValue("X-Checksum")
                        .orElse("none");
                return Response.text(text + " " + checksum).completed();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        try (HttpServer server = TestServers.start(trailers); RawClient client = new RawClient(server.port())) {
            RawResponse response = client.exchange("POST /t HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: abc\r\n\r\n");
            assertEquals("hello world abc", response.bodyText());
        }
    }

    @Test
    void aClientThatLeavesMidUploadFailsTheHandlersStream() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        AtomicLong received = new AtomicLong();
        Handler watching = BodyPolicy.streamed(1 << 30).applyTo(request -> {
            request.body().publisher().subscribe(new Flow.Subscriber<>() {
                @Override public void onSubscribe(Flow.Subscription s) { s.request(Long.MAX_VALUE); }
                @Override public void onNext(ByteBuffer item) { received.addAndGet(item.remaining()); }
                @Override public void onError(Throwable t) { failure.complete(t); }
                @Override public void onComplete() { failure.complete(null); }
            });
            return new CompletableFuture<>();
        });
        try (HttpServer server = TestServers.start(watching)) {
            RawClient client = new RawClient(server.port());
            client.send("POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\n\r\n").send(new byte[10_000]);
            // (io_uring does not report a reset that arrives before the server has read: see RELIABILITY.md)
            Await.until("the server has read what was sent", () -> received.get() == 10_000);
            client.socket().setSoLinger(true, 0);
            client.close();
            Throwable seen = failure.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(seen instanceof IOException, String.valueOf(seen));
            Await.until("nothing in flight", () -> server.stats().requestsInFlight() == 0
                    && server.stats().openConnections() == 0, server::stats);
        }
    }

    @Test
    void aStalledUploadIsAnswered408() throws Exception {
        Handler patient = BodyPolicy.streamed(1 << 20).readTimeout(Duration.ofMillis(300)).applyTo(DIGEST);
        try (HttpServer server = TestServers.start(ServerConfig.builder().bodyTimeout(Duration.ofMillis(300)), patient);
             RawClient client = new RawClient(server.port())) {
            client.send("POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n").send(new byte[10]);
            RawResponse response = client.readResponse();
            assertEquals(408, response.status());
            assertNull(client.readResponseUnlessClosed());
        }
    }

    @Test
    void aStreamedBodyHasOneSubscriber() throws Exception {
        Handler twice = BodyPolicy.streamed(1024).applyTo(request -> {
            CompletableFuture<Response> answer = new CompletableFuture<>();
            request.body().publisher().subscribe(new Flow.Subscriber<>() {
                @Override public void onSubscribe(Flow.Subscription s) { }
                @Override public void onNext(ByteBuffer item) { }
                @Override public void onError(Throwable t) { }
                @Override public void onComplete() { }
            });
            request.body().publisher().subscribe(new Flow.Subscriber<>() {
                @Override public void onSubscribe(Flow.Subscription s) { }
                @Override public void onNext(ByteBuffer item) { }
                @Override public void onError(Throwable t) { answer.complete(Response.text(t.getMessage())); }
                @Override public void onComplete() { }
            });
            return answer;
        });
        try (HttpServer server = TestServers.start(twice); RawClient client = new RawClient(server.port())) {
            String text = client.exchange("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc").bodyText();
            assertTrue(text.contains("can be read once"), text);
        }
    }
}
