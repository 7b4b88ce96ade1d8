package dev.loopline.server.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import com.github.luben.zstd.ZstdInputStream;
import dev.loopline.server.Body;
import dev.loopline.server.BodyPolicy;
import dev.loopline.server.Compression;
import dev.loopline.server.Filter;
import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.ServerSentEvents;
import dev.loopline.server.ServerSentEvents.EventStream;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;

/** Response compression negotiated per request, request decompression, and compression that stays off the loop. */
class CompressionTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String JSON = "{\"items\":[" + "{\"id\":1,\"name\":\"a fairly repetitive item\"},".repeat(250)
            + "{\"id\":2}]}";

    private static Handler json(String body) {
        return request -> Response.json(body).completed();
    }

    private static HttpResponse<byte[]> get(HttpServer server, String acceptEncoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"));
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] decode(String coding, byte[] bytes) throws IOException {
        InputStream in = new ByteArrayInputStream(bytes);
        switch (coding) {
            case "gzip": return new GZIPInputStream(in).readAllBytes();
            case "deflate": return new InflaterInputStream(in).readAllBytes();
            case "zstd": return new ZstdInputStream(in).readAllBytes();
            case "br": return new BrotliInputStream(in).readAllBytes();
            default: return bytes;
        }
    }

    @Test
    void theClientsFavouriteCodingWins() throws Exception {
        try (HttpServer server = TestServers.start(json(JSON).with(Compression.filter()))) {
            for (String[] acceptAndExpected : new String[][] {{"gzip", "gzip"}, {"deflate", "deflate"}, {"zstd", "zstd"},
                    {"br", "br"}, {"gzip;q=0.5, zstd", "zstd"}, {"br;q=0.1, gzip;q=0.9", "gzip"}, {"*", "zstd"},
                    {"gzip, zstd;q=0", "gzip"}}) {
                HttpResponse<byte[]> response = get(server, acceptAndExpected[0]);
                String coding = response.headers().firstValue("Content-Encoding").orElse("none");
                assertEquals(acceptAndExpected[1], coding, "for Accept-Encoding: " + acceptAndExpected[0]);
                assertEquals("Accept-Encoding", response.headers().firstValue("Vary").orElseThrow());
                assertTrue(response.body().length < JSON.length() / 3, coding + " did not shrink the body");
                assertEquals(JSON, new String(decode(coding, response.body()), StandardCharsets.UTF_8));
            }
            for (String none : new String[] {null, "identity", "*;q=0", "compress", "gzip;q=0"}) {
                HttpResponse<byte[]> response = get(server, none);
                assertFalse(response.headers().firstValue("Content-Encoding").isPresent(), String.valueOf(none));
                assertEquals("Accept-Encoding", response.headers().firstValue("Vary").orElseThrow());
                assertEquals(JSON, new String(response.body(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void smallUnlistedEncodedOrForbiddenBodiesAreLeftAlone() throws Exception {
        Filter compression = Compression.builder().minBytes(100).build();
        try (HttpServer small = TestServers.start(json("{\"a\":1}").with(compression));
             HttpServer png = TestServers.start(((Handler) request -> Response.of(200, "image/png",
                     Body.of(new byte[5000])).completed()).with(compression));
             HttpServer encoded = TestServers.start(((Handler) request -> Response.json(JSON)
                     .withHeader("Content-Encoding", "br").completed()).with(compression));
             HttpServer noTransform = TestServers.start(((Handler) request -> Response.json(JSON)
                     .withHeader("Cache-Control", "no-transform").completed()).with(compression))) {
            assertNull(get(small, "gzip").headers().firstValue("Content-Encoding").orElse(null), "under minBytes");
            HttpResponse<byte[]> image = get(png, "gzip");
            assertNull(image.headers().firstValue("Content-Encoding").orElse(null), "image/png is not on the list");
            assertNull(image.headers().firstValue("Vary").orElse(null), "nor does it vary");
            assertEquals("br", get(encoded, "gzip").headers().firstValue("Content-Encoding").orElseThrow());
            assertNull(get(noTransform, "gzip").headers().firstValue("Content-Encoding").orElse(null));
        }
    }

    @Test
    void aStreamedEventStreamIsCompressedEventByEvent() throws Exception {
        List<EventStream> streams = new CopyOnWriteArrayList<>();
        Handler events = ((Handler) request -> ServerSentEvents.stream(request, streams::add).completed())
                .with(Compression.filter());
        try (HttpServer server = TestServers.start(events)) {
            HttpResponse<InputStream> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/events")).header("Accept-Encoding", "gzip").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElseThrow());
            Await.until("the stream is open", () -> streams.size() == 1);
            // byte by byte: a Reader would wait for more than an event (GZIPInputStream.available() says 1 until the end)
            InputStream decoded = new GZIPInputStream(response.body());
            streams.get(0).send("first");
            assertEquals(":\n\ndata: first\n\n", readUntil(decoded, "data: first\n\n"),
                    "the first event arrived, decoded, before the stream ended");
            streams.get(0).send("second");
            assertEquals("data: second\n\n", readUntil(decoded, "data: second\n\n"));
            streams.get(0).close();
        }
    }

    @Test
    void aLargeBodyIsCompressedOffTheLoop() throws Exception {
        byte[] noise = new byte[8 * 1024 * 1024]; // poorly compressible: slow at level 9
        new Random(7).nextBytes(noise);
        String large = "{\"data\":\"" + java.util.Base64.getEncoder().encodeToString(noise) + "\"}";
        Response prebuilt = Response.json(large); // built once: the handler itself costs the loop nothing
        Handler handler = request -> prebuilt.completed();
        ServerConfig.Builder guarded = ServerConfig.builder().loopGuardThreshold(Duration.ofMillis(50));
        Filter offloaded = Compression.builder().gzipLevel(9).build();
        try (HttpServer server = TestServers.start(guarded, handler.with(offloaded))) {
            HttpResponse<byte[]> response = get(server, "gzip");
            assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElseThrow());
            assertEquals(large.length(), decode("gzip", response.body()).length);
            assertEquals(0, server.stats().blockedEpisodes(), "compressing on the cpu pool held no loop");
            assertEquals(1, server.stats().cpuPool().completed());
        }
        Filter inline = Compression.builder().gzipLevel(9).offloadAbove(Integer.MAX_VALUE).build();
        try (HttpServer server = TestServers.start(guarded, handler.with(inline))) {
            get(server, "gzip");
            Await.until("the guard saw the loop held", () -> server.stats().blockedEpisodes() > 0);
        }
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder text = new StringBuilder();
        while (!text.toString().endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the stream ended after: " + text);
            }
            text.append((char) b);
        }
        return text.toString();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void compressedRequestBodiesAreDecodedWithinALimit() throws Exception {
        Handler echo = request -> Response.text(request.body().length() + " bytes, encoding "
                + request.header("Content-Encoding").orElse("gone")).completed();
        Filter decoding = Compression.builder().decompressRequests(1024 * 1024).build();
        byte[] bomb = gzip(new byte[50 * 1024 * 1024]); // 50 MB of zeros in about 50 KB
        try (HttpServer server = TestServers.start(echo.with(decoding));
             RawClient client = new RawClient(server.port())) {
            byte[] body = gzip("hello, compressed world".getBytes(StandardCharsets.US_ASCII));
            client.send("POST /u HTTP/1.1\r\nHost: a\r\nContent-Encoding: gzip\r\nContent-Length: " + body.length
                    + "\r\n\r\n").send(body);
            assertEquals("23 bytes, encoding gone", client.readResponse().bodyText());
            client.send("POST /u HTTP/1.1\r\nHost: a\r\nContent-Encoding: gzip\r\nContent-Length: " + bomb.length
                    + "\r\n\r\n").send(bomb);
            RawResponse refused = client.readResponse();
            assertEquals(413, refused.status());
            assertTrue(refused.bodyText().contains("decompressed request body exceeds the limit of 1048576 bytes"));
            RawResponse unknown = client.exchange("POST /u HTTP/1.1\r\nHost: a\r\nContent-Encoding: compress\r\n"
                    + "Content-Length: 3\r\n\r\nabc");
            assertEquals(415, unknown.status());
            assertEquals(400, client.exchange("POST /u HTTP/1.1\r\nHost: a\r\nContent-Encoding: gzip\r\n"
                    + "Content-Length: 3\r\n\r\nabc").status());
        }
        Handler streamed = BodyPolicy.streamed(1 << 20).applyTo(request -> Response.text("as sent: "
                + request.header("Content-Encoding").orElse("none")).completed());
        try (HttpServer server = TestServers.start(streamed.with(decoding));
             RawClient client = new RawClient(server.port())) {
            byte[] body = gzip("x".getBytes(StandardCharsets.US_ASCII));
            client.send("POST /s HTTP/1.1\r\nHost: a\r\nContent-Encoding: gzip\r\nContent-Length: " + body.length
                    + "\r\n\r\n").send(body);
            assertEquals("as sent: gzip", client.readResponse().bodyText(), "a streamed body is not decoded");
        }
    }
}
