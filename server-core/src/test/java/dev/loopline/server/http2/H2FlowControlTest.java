package dev.loopline.server.http2;

import static dev.loopline.server.http2.Frame.DATA;
import static dev.loopline.server.http2.Frame.HEADERS;
import static dev.loopline.server.http2.Frame.SETTINGS_INITIAL_WINDOW_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.Body;
import dev.loopline.server.BodyPolicy;
import dev.loopline.server.Handler;
import dev.loopline.server.Http2Config;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.TestServers;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Streams under HTTP/2 flow control, both ways: a response body is produced only as fast as the client's window
 * lets it out, and a streamed request body's window opens only as the handler asks for more.
 */
class H2FlowControlTest {

    private static final int CLIENT_WINDOW = 16 * 1024;
    private static final int CHUNK = 16 * 1024;

    @Test
    void theServerGrantsExactlyTheConfiguredWindows() throws Exception {
        int streamWindow = 128 * 1024; // above the protocol's 64 KiB - 1, as the default (64 KiB) is
        int connectionWindow = 256 * 1024;
        ServerConfig.Builder config = ServerConfig.builder().http2(Http2Config.builder()
                .initialWindowBytes(streamWindow).connectionWindowBytes(connectionWindow).build());
        try (HttpServer server = TestServers.start(config, request -> Response.text("ok").completed());
             RawH2Client client = new RawH2Client(server.port())) {
            Frame settings = client.handshake();
            assertEquals(streamWindow, settings.setting(SETTINGS_INITIAL_WINDOW_SIZE), settings.toString());
            client.sync(); // the connection's WINDOW_UPDATE, if any, comes before the PING's acknowledgement
            assertEquals(connectionWindow, client.connectionSendWindow(), "seen: " + client.seen());
            assertEquals(streamWindow, client.streamSendWindow(1));
        }
    }

    @Test
    void aClientThatGrantsNoWindowStopsTheResponseBodysProducerThenGetsItAllIntact() throws Exception {
        ChunkPublisher publisher = new ChunkPublisher(1024, CHUNK); // 16 MiB
        Handler big = request -> Response.of(200, "application/octet-stream",
                Body.stream(publisher, publisher.totalBytes())).completed();
        try (HttpServer server = TestServers.start(big);
             RawH2Client client = new RawH2Client(server.port())) {
            client.handshake(SETTINGS_INITIAL_WINDOW_SIZE, CLIENT_WINDOW);
            client.get(1, "/big");
            // read everything the server sends, granting nothing: the stream's window, 16 KiB, and then silence
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            Map<String, String> head = null;
            while (body.size() < CLIENT_WINDOW) {
                Frame frame = client.awaitFrame(f -> f.streamId() == 1 && (f.is(HEADERS) || f.is(DATA)),
                        "the response within the first window");
                if (frame.is(HEADERS)) {
                    head = frame.headers();
                } else {
                    body.writeBytes(frame.payload());
                }
            }
            assertNotNull(head);
            assertEquals("200", head.get(":status"), head.toString());
            long producedBytes = Await.settled("the producer stops", () -> (int) publisher.produced.get()) * (long) CHUNK;
            // the contract: at most the window + the write buffer's high-water mark (64 KiB) + one chunk
            assertTrue(producedBytes < 1024 * 1024, "made " + producedBytes + " bytes for a client that granted "
                    + CLIENT_WINDOW + "; seen: " + client.seen());
            client.sync();
            assertEquals(CLIENT_WINDOW, body.size(), "sent past the client's window; seen: " + client.seen());

            client.send(Frames.windowUpdate(1, (int) publisher.totalBytes()));
            client.send(Frames.windowUpdate(0, (int) publisher.totalBytes()));
            StreamResult rest = client.awaitStream(1, true);
            assertTrue(!rest.reset(), rest.toString());
            body.writeBytes(rest.body());
            assertIntact(body.toByteArray(), publisher.totalBytes(), CHUNK);
        }
    }

    private static void assertIntact(byte[] body, long length, int chunkBytes) {
        assertEquals(length, body.length);
        for (int i = 0; i < body.length; i++) {
            if (body[i] != ChunkPublisher.expected(i, chunkBytes)) {
                throw new AssertionError("byte " + i + " is '" + (char) body[i] + "', not '"
                        + (char) ChunkPublisher.expected(i, chunkBytes) + "'");
            }
        }
    }

    @Test
    void aStreamedRequestBodyGetsNoWindowPastTheInitialOneUntilTheHandlerAsks() throws Exception {
        AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        AtomicLong delivered = new AtomicLong();
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        CompletableFuture<Response> answer = new CompletableFuture<>();
        Handler lazy = BodyPolicy.streamed(64L * 1024 * 1024).applyTo(request -> {
            request.body().publisher().subscribe(new Flow.Subscriber<>() {
                @Override public void onSubscribe(Flow.Subscription held) {
                    subscription.set(held); // no request(n) until the test says so
                }
                @Override public void onNext(ByteBuffer item) {
                    delivered.addAndGet(item.remaining());
                    synchronized (received) {
                        received.update(item);
                    }
                }
                @Override public void onError(Throwable failure) {
                    answer.completeExceptionally(failure);
                }
                @Override public void onComplete() {
                    synchronized (received) {
                        answer.complete(Response.text(delivered.get() + " " + HexFormat.of().formatHex(received.digest())));
                    }
                }
            });
            return answer;
        });
        int window = 16 * 1024;
        byte[] upload = new byte[1024 * 1024];
        for (int i = 0; i < upload.length; i++) {
            upload[i] = (byte) (i * 31 + i / 1000);
        }
        ServerConfig.Builder config = ServerConfig.builder()
                .http2(Http2Config.builder().initialWindowBytes(window).build());
        try (HttpServer server = TestServers.start(config, lazy);
             RawH2Client client = new RawH2Client(server.port())) {
            Frame settings = client.handshake();
            assertEquals(window, settings.setting(SETTINGS_INITIAL_WINDOW_SIZE), settings.toString());
            client.headers(1, Hpack.request("POST", "/upload"), false);
            Await.until("the handler subscribed", () -> subscription.get() != null);
            client.sendBody(1, java.util.Arrays.copyOf(upload, window), false); // all the window allows
            client.sync(); // a WINDOW_UPDATE sent as the bytes arrived would come before the PING's acknowledgement
            assertEquals(0, client.streamSendWindow(1), "the server opened the window of a body nobody read; seen: "
                    + client.seen());
            assertEquals(0, delivered.get(), "bytes delivered without demand");

            subscription.get().request(Long.MAX_VALUE); // the handler wants it all now
            client.sendBody(1, java.util.Arrays.copyOfRange(upload, window, upload.length), true);
            StreamResult result = client.awaitResponse(1);
            assertEquals(200, result.status(), result.toString());
            assertEquals(upload.length + " " + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(upload)), result.bodyText());
        }
    }
}
