package dev.loopline.server.protocols;

import static dev.loopline.server.protocols.OneApiExchangeTest.bytes;
import static dev.loopline.server.protocols.OneApiExchangeTest.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.loopline.server.Body;
import dev.loopline.server.BodyPolicy;
import dev.loopline.server.Compression;
import dev.loopline.server.Exchange;
import dev.loopline.server.Handler;
import dev.loopline.server.Offload;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.ServerSentEvents;
import dev.loopline.server.ServerSentEvents.Event;
import dev.loopline.server.ServerSentEvents.EventStream;
import dev.loopline.server.StaticFiles;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.protocols.Protocol;
import dev.loopline.testsupport.protocols.ProtocolClient;
import dev.loopline.testsupport.protocols.Served;
import dev.loopline.testsupport.protocols.WireRequest;
import dev.loopline.testsupport.protocols.WireResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One API, three protocols: bodies that do not fit one buffer. Streamed responses and requests, server-sent events,
 * a file (sendfile on HTTP/1.1 cleartext, DATA frames on HTTP/2), gzip, and the exchange observer's byte counts.
 */
class OneApiBodiesTest {

    private static final int CHUNKS = 64;
    private static final int CHUNK_BYTES = 64 * 1024;

    @TempDir
    static Path dir;

    /** Reads a streamed body on the blocking executor and answers its size and SHA-256. */
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
            throw new UncheckedIOException(failed);
        } catch (java.security.NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    });

    /** {@code count} chunks of {@code size} bytes, chunk i filled with byte i, made on demand. */
    static Flow.Publisher<ByteBuffer> chunks(int count, int size) {
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
                    byte[] chunk = new byte[size];
                    java.util.Arrays.fill(chunk, (byte) sent++);
                    subscriber.onNext(ByteBuffer.wrap(chunk));
                }
            }

            @Override
            public synchronized void cancel() {
                done = true;
            }
        });
    }

    private static byte[] expectedChunks(int count, int size) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            byte[] chunk = new byte[size];
            java.util.Arrays.fill(chunk, (byte) i);
            all.writeBytes(chunk);
        }
        return all.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aLargeStreamedResponseArrivesIntact(Protocol protocol) throws Exception {
        Handler handler = request -> Response.of(200, "application/octet-stream",
                Body.stream(chunks(CHUNKS, CHUNK_BYTES))).completed();
        try (Served served = Served.start(protocol, handler)) {
            WireResponse response = served.send(WireRequest.get("/export"));
            assertEquals(200, response.status());
            assertEquals(sha256(expectedChunks(CHUNKS, CHUNK_BYTES)), sha256(response.body()),
                    "4 MiB streamed, intact: " + response.body().length + " bytes arrived");
            assertEquals(200, served.send(WireRequest.get("/again")).status(), "the connection goes on");
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aStreamedRequestBodyReachesTheHandlerIntact(Protocol protocol) throws Exception {
        List<byte[]> parts = new ArrayList<>();
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (int i = 0; i < 32; i++) {
            byte[] part = bytes(64 * 1024 + i);
            parts.add(part);
            whole.writeBytes(part);
        }
        byte[] upload = whole.toByteArray(); // twice the server's aggregation limit
        try (Served served = Served.start(protocol, BodyPolicy.streamed(64L * 1024 * 1024).applyTo(DIGEST))) {
            WireResponse streamed = served.send(WireRequest.of("POST", "/upload").streamedBody(parts));
            assertEquals(upload.length + " " + sha256(upload), streamed.bodyText(), "no length announced");
            WireResponse announced = served.send(WireRequest.post("/upload", upload));
            assertEquals(upload.length + " " + sha256(upload), announced.bodyText(), "length announced");
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void serverSentEventsArriveAsTheyAreSent(Protocol protocol) throws Exception {
        List<EventStream> streams = new CopyOnWriteArrayList<>();
        try (Served served = Served.start(protocol, request -> ServerSentEvents.stream(request, streams::add)
                .completed())) {
            CompletableFuture<WireResponse> events = served.sendAsync(WireRequest.get("/events")
                    .header("Accept", "text/event-stream"));
            Await.until("the stream is open", () -> streams.size() == 1 || events.isDone(), streams::size);
            if (events.isDone()) {
                throw new AssertionError("the event stream ended before it was opened: " + ProtocolClient.await(events));
            }
            EventStream stream = streams.get(0);
            stream.send(Event.data("one").id("1"));
            stream.send(Event.data("two\nlines").name("tick"));
            stream.close();
            WireResponse response = ProtocolClient.await(events);
            assertEquals(200, response.status());
            assertEquals("text/event-stream; charset=utf-8", response.header("Content-Type").orElseThrow());
            assertEquals("id: 1\ndata: one\n\nevent: tick\ndata: two\ndata: lines\n\n",
                    response.bodyText().replaceAll("(?m)^:.*\n\n", ""), "the events, around comments (keep-alives)");
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aFileArrivesIntact(Protocol protocol) throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("big-" + protocol + ".bin"), content);
        try (Served served = Served.start(protocol, request -> StaticFiles.file(request, file))) {
            WireResponse response = served.send(WireRequest.get("/big.bin"));
            assertEquals(200, response.status());
            assertEquals(String.valueOf(content.length), response.header("Content-Length").orElse(null),
                    response.toString());
            assertArrayEquals(content, response.body());
            assertEquals(200, served.send(WireRequest.get("/big.bin")).status(), "the connection goes on");
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void gzipWhenTheClientAsks(Protocol protocol) throws Exception {
        String json = "[" + "{\"name\":\"loopline\",\"protocol\":\"any\"},".repeat(1000) + "{}]";
        Handler handler = ((Handler) request -> Response.json(json).completed()).with(Compression.filter());
        try (Served served = Served.start(protocol, handler)) {
            WireResponse response = served.send(WireRequest.get("/data").header("Accept-Encoding", "gzip"));
            assertEquals(200, response.status());
            assertEquals("gzip", response.header("Content-Encoding").orElse(null), response.toString());
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
                assertEquals(json, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
            WireResponse identity = served.send(WireRequest.get("/data"));
            assertFalse(identity.header("Content-Encoding").isPresent(), identity.toString());
            assertEquals(json, identity.bodyText());
        }
    }

    /** What an observer copied out of one exchange (the exchange is valid only during the call). */
    record Seen(String method, String path, String protocol, int status, Exchange.Outcome outcome, long bytesIn,
                long bytesOut) {
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void theObserverSeesEachExchangeOnceWithItsBytes(Protocol protocol) throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        ServerConfig.Builder config = ServerConfig.builder().observer(exchange -> seen.add(new Seen(
                exchange.request().method(), exchange.request().path(), exchange.request().protocol(),
                exchange.response() == null ? 0 : exchange.response().status(), exchange.outcome(),
                exchange.requestBodyBytes(), exchange.responseBodyBytes())));
        Handler handler = request -> Response.text("x".repeat(request.path().equals("/echo") ? 5678 : 3)).completed();
        try (Served served = Served.start(protocol, config, handler)) {
            assertEquals(5678, served.send(WireRequest.post("/echo", new byte[1234])).body().length);
            assertEquals(3, served.send(WireRequest.get("/second")).body().length);
            Await.until("two exchanges reported", () -> seen.size() >= 2, () -> seen);
            served.send(WireRequest.get("/sentinel")); // any late duplicate of the first two comes before its report
            Await.until("three exchanges reported", () -> seen.size() >= 3, () -> seen);
            String version = protocol.requestProtocol();
            assertEquals(List.of(
                    new Seen("GET", "/second", version, 200, Exchange.Outcome.COMPLETED, 0, 3),
                    new Seen("GET", "/sentinel", version, 200, Exchange.Outcome.COMPLETED, 0, 3),
                    new Seen("POST", "/echo", version, 200, Exchange.Outcome.COMPLETED, 1234, 5678)),
                    seen.stream().sorted(Comparator.comparing(Seen::method).thenComparing(Seen::path, Comparator
                            .comparing(path -> path.equals("/second") ? 0 : 1))).collect(Collectors.toList()));
        }
    }
}
