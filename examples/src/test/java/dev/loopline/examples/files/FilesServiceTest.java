package dev.loopline.examples.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.HttpServer;
import dev.loopline.server.ServerConfig;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files example over a real socket with the JDK's HTTP client. */
class FilesServiceTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    @TempDir
    static Path root;
    private static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(root.resolve("report.txt"), "line\n".repeat(1000));
        server = HttpServer.start(ServerConfig.builder().host("127.0.0.1").port(0).build(), FilesService.router(root));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theUiComesFromTheJar() throws Exception {
        HttpResponse<byte[]> page = get("/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(new String(page.body(), StandardCharsets.UTF_8).contains("multipart/form-data"));
        assertEquals(200, get("/app.js").statusCode());
        assertEquals(404, get("/missing.js").statusCode());
    }

    @Test
    void filesOfTheRootAreServedWithRangesAndCompression() throws Exception {
        HttpResponse<byte[]> whole = get("/static/report.txt", "Accept-Encoding", "gzip");
        assertEquals("gzip", whole.headers().firstValue("Content-Encoding").orElseThrow());
        assertEquals("line\n".repeat(1000), new String(new GZIPInputStream(new ByteArrayInputStream(whole.body()))
                .readAllBytes(), StandardCharsets.US_ASCII));
        assertEquals("public, max-age=3600", whole.headers().firstValue("Cache-Control").orElseThrow());
        HttpResponse<byte[]> range = get("/static/report.txt", "Range", "bytes=0-9");
        assertEquals(206, range.statusCode());
        assertEquals("line\nline\n", new String(range.body(), StandardCharsets.US_ASCII));
        int traversal = get("/static/..%2f..%2fetc/passwd").statusCode();
        assertTrue(traversal == 400 || traversal == 404, "a path out of the root answered " + traversal);
    }

    @Test
    void itemsAreCompressedJson() throws Exception {
        HttpResponse<byte[]> items = get("/api/items", "Accept-Encoding", "gzip");
        assertEquals("gzip", items.headers().firstValue("Content-Encoding").orElseThrow());
        String json = new String(new GZIPInputStream(new ByteArrayInputStream(items.body())).readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(json.startsWith("[{\"id\":1,"), json.substring(0, 40));
        assertTrue(items.body().length * 5 < json.length(), "compressed to " + items.body().length + " of "
                + json.length());
    }
}
