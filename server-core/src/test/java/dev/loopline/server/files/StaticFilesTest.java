package dev.loopline.server.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.RequestPath;
import dev.loopline.server.StaticFiles;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory served at {@code /static/}: types, validators, preconditions, ranges, precompressed siblings, traversal. */
class StaticFilesTest {

    private static final String SECRET = "the secret outside the root";
    private static final String INDEX = "<!doctype html><title>home</title>";
    private static final String SCRIPT = "console.log('hello, static world');\n".repeat(50);

    @TempDir
    static Path temp;
    private static Path root;
    private static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createDirectories(temp.resolve("public"));
        Files.writeString(temp.resolve("secret.txt"), SECRET);
        Files.writeString(root.resolve("index.html"), INDEX);
        Files.writeString(root.resolve("app.js"), SCRIPT);
        Files.write(root.resolve("app.js.gz"), gzip(SCRIPT.getBytes(StandardCharsets.UTF_8)));
        Files.writeString(root.resolve("app.js.br"), "not really brotli, but the server does not care");
        Files.writeString(root.resolve(".hidden"), SECRET);
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/.env"), SECRET);
        Files.writeString(root.resolve("sub/data.json"), "{\"a\":1}");
        Files.createDirectories(root.resolve("assets"));
        Files.writeString(root.resolve("assets/logo.svg"), "<svg/>");
        Files.createSymbolicLink(root.resolve("link-out"), temp);
        Files.createSymbolicLink(root.resolve("link-file"), temp.resolve("secret.txt"));
        Handler files = StaticFiles.directory(root).cacheControl("assets/**", "public, max-age=31536000, immutable")
                .cacheControl("*.html", "no-cache").build();
        // what a router does for "/static/{*path}": the decoded rest of the path as the parameter "path"
        server = TestServers.start(request -> files.handle(request.path().startsWith("/static/")
                ? request.withRoute("/static/{*path}", Map.of("path", RequestPath.decode(request.path().substring(8))))
                : request));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }

    private static RawResponse get(String target, String... headers) throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            return client.exchange("GET " + target + " HTTP/1.1\r\nHost: a\r\n" + String.join("", headers) + "\r\n");
        }
    }

    @Test
    void aFileComesWithItsTypeAndValidators() throws Exception {
        RawResponse response = get("/static/index.html");
        assertEquals(200, response.status());
        assertEquals("text/html; charset=utf-8", response.header("Content-Type"));
        assertEquals(INDEX, response.bodyText());
        assertNotNull(response.header("ETag"));
        assertNotNull(response.header("Last-Modified"));
        assertEquals("bytes", response.header("Accept-Ranges"));
        assertEquals("no-cache", response.header("Cache-Control"));
        assertEquals("public, max-age=31536000, immutable", get("/static/assets/logo.svg").header("Cache-Control"));
        assertEquals("image/svg+xml", get("/static/assets/logo.svg").header("Content-Type"));
        assertEquals("application/json", get("/static/sub/data.json").header("Content-Type"));
        assertEquals(INDEX, get("/static/").bodyText(), "a directory serves its index");
    }

    @Test
    void preconditionsAnswer304And412() throws Exception {
        RawResponse first = get("/static/index.html");
        String etag = first.header("ETag");
        String lastModified = first.header("Last-Modified");
        RawResponse notModified = get("/static/index.html", "If-None-Match: \"x\", " + etag + "\r\n");
        assertEquals(304, notModified.status());
        assertEquals(etag, notModified.header("ETag"));
        assertEquals(0, notModified.body().length);
        assertEquals(304, get("/static/index.html", "If-None-Match: W/" + etag + "\r\n").status(), "weak comparison");
        assertEquals(304, get("/static/index.html", "If-Modified-Since: " + lastModified + "\r\n").status());
        assertEquals(200, get("/static/index.html", "If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT\r\n").status());
        assertEquals(412, get("/static/index.html", "If-Match: \"something-else\"\r\n").status());
        assertEquals(200, get("/static/index.html", "If-Match: " + etag + "\r\n").status());
        assertEquals(412, get("/static/index.html", "If-Unmodified-Since: Sat, 01 Jan 2000 00:00:00 GMT\r\n").status());
        assertEquals(200, get("/static/index.html", "If-Modified-Since: not a date\r\n").status(), "ignored");
    }

    @Test
    void rangesAreAnswered206Or416OrTheWholeFile() throws Exception {
        int size = SCRIPT.length();
        RawResponse head = get("/static/app.js", "Range: bytes=0-9\r\n");
        assertEquals(206, head.status());
        assertEquals("bytes 0-9/" + size, head.header("Content-Range"));
        assertEquals(SCRIPT.substring(0, 10), head.bodyText());
        assertEquals(SCRIPT.substring(size - 5), get("/static/app.js", "Range: bytes=-5\r\n").bodyText());
        assertEquals(SCRIPT.substring(100), get("/static/app.js", "Range: bytes=100-\r\n").bodyText());
        assertEquals(SCRIPT.substring(size - 3), get("/static/app.js", "Range: bytes=" + (size - 3) + "-999999\r\n")
                .bodyText(), "a last byte past the end is clipped");
        RawResponse unsatisfiable = get("/static/app.js", "Range: bytes=" + size + "-\r\n");
        assertEquals(416, unsatisfiable.status());
        assertEquals("bytes */" + size, unsatisfiable.header("Content-Range"));
        RawResponse several = get("/static/app.js", "Range: bytes=0-1, 5-6\r\n");
        assertEquals(200, several.status(), "several ranges: the whole file");
        assertEquals(SCRIPT, several.bodyText());
        assertEquals(200, get("/static/app.js", "Range: lines=1-2\r\n").status(), "another unit is ignored");
        String etag = get("/static/app.js").header("ETag");
        assertEquals(206, get("/static/app.js", "Range: bytes=0-1\r\nIf-Range: " + etag + "\r\n").status());
        assertEquals(200, get("/static/app.js", "Range: bytes=0-1\r\nIf-Range: \"stale\"\r\n").status());
    }

    @Test
    void precompressedSiblingsGoToClientsThatAcceptThem() throws Exception {
        RawResponse gzip = get("/static/app.js", "Accept-Encoding: gzip\r\n");
        assertEquals("gzip", gzip.header("Content-Encoding"));
        assertEquals("Accept-Encoding", gzip.header("Vary"));
        assertEquals("text/javascript; charset=utf-8", gzip.header("Content-Type"));
        assertArrayEquals(gzip(SCRIPT.getBytes(StandardCharsets.UTF_8)), gzip.body(), "the .gz file as it is");
        assertTrue(gzip.header("ETag").endsWith("-gzip\""), "each encoding has its own ETag");
        assertEquals("br", get("/static/app.js", "Accept-Encoding: gzip;q=0.5, br\r\n").header("Content-Encoding"));
        assertEquals("gzip", get("/static/app.js", "Accept-Encoding: br;q=0, gzip\r\n").header("Content-Encoding"));
        assertNull(get("/static/app.js", "Accept-Encoding: identity\r\n").header("Content-Encoding"));
        assertNull(get("/static/app.js").header("Content-Encoding"));
        assertNull(get("/static/app.js", "Accept-Encoding: gzip\r\nRange: bytes=0-3\r\n").header("Content-Encoding"),
                "a range is served from the plain file");
        // a real client decodes the gzip sibling to the original
        HttpResponse<byte[]> decoded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/static/app.js"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(gzip(SCRIPT.getBytes(StandardCharsets.UTF_8)), decoded.body());
    }

    @Test
    void headSendsTheHeadersOnly() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            RawResponse head = client.send("HEAD /static/app.js HTTP/1.1\r\nHost: a\r\n\r\n").readHeadResponse();
            assertEquals(200, head.status());
            assertEquals(Integer.toString(SCRIPT.length()), head.header("Content-Length"));
            assertEquals(200, client.exchange("GET /static/index.html HTTP/1.1\r\nHost: a\r\n\r\n").status(),
                    "nothing was left in the connection");
        }
    }

    /** Each is a request-target; none may reach anything outside the root, a hidden file, or answer 500. */
    static final List<String> TRAVERSALS = List.of(
            "/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/%2e%2e%2fsecret.txt",
            "/static/..%2fsecret.txt", "/static/..%2F..%2Fsecret.txt", "/static/%2E%2E%2Fsecret.txt",
            "/static/....//secret.txt", "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/%2Fetc/passwd",
            "/static/..%5csecret.txt", "/static/%5c..%5csecret.txt", "/static/%00/secret.txt",
            "/static/index.html%00.txt", "/static/C:%5cWindows%5cwin.ini", "/static/c:/windows/win.ini",
            "/static/.hidden", "/static/%2ehidden", "/static/sub/.env", "/static/link-out/secret.txt",
            "/static/link-file", "/static/%252e%252e/secret.txt", "/static/.%2e/secret.txt",
            "/static/%c0%ae%c0%ae/secret.txt", "/static/..;/secret.txt", "/static/%2e%2e;/secret.txt",
            "/static/secret.txt", "/static/../../../../etc/passwd", "/static/%2e%2e%5c%2e%2e%5csecret.txt",
            "http://localhost/static/../secret.txt", "/static/sub/../../secret.txt", "/static/sub/%2e%2e/%2e%2e/secret.txt",
            "/static/%u002e%u002e/secret.txt", "/static/%ef%bc%8e%ef%bc%8e/secret.txt", "/static/sub%2f..%2f..%2fsecret.txt",
            "/static/.git/config", "/static/assets/../../secret.txt", "/static/index.html/", "/static/link-out",
            "/secret.txt", "/../secret.txt");

    @Test
    void noTraversalReachesOutsideTheRoot() throws Exception {
        assertTrue(TRAVERSALS.size() >= 40, "attempts: " + TRAVERSALS.size());
        for (String target : TRAVERSALS) {
            RawResponse response = get(target);
            assertTrue(response.status() == 404 || response.status() == 400,
                    target + " answered " + response.status() + ": " + response.bodyText());
            assertFalse(response.bodyText().contains(SECRET), target + " leaked the secret");
        }
    }

    @Test
    void aBigFileArrivesWholeThroughSendfile() throws Exception {
        byte[] chunk = new byte[1 << 20];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) (i * 7);
        }
        Path big = root.resolve("big.bin");
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 64; i++) {
                out.write(chunk);
                expected.update(chunk);
            }
        }
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/static/big.bin")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals("application/octet-stream", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(HexFormat.of().formatHex(expected.digest()),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(response.body())));
    }

    @Test
    void onlyGetAndHeadAreServed() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            RawResponse post = client.exchange("POST /static/index.html HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n");
            assertEquals(405, post.status());
            assertEquals("GET, HEAD", post.header("Allow"));
        }
    }

    @Test
    void oneFileNamedByTheApplication() throws Exception {
        try (HttpServer single = TestServers.start(request -> StaticFiles.file(request, temp.resolve("secret.txt")));
             RawClient client = new RawClient(single.port())) {
            RawResponse response = client.exchange("GET /anything HTTP/1.1\r\nHost: a\r\nRange: bytes=4-9\r\n\r\n");
            assertEquals(206, response.status());
            assertEquals(SECRET.substring(4, 10), response.bodyText());
            assertEquals("text/plain; charset=utf-8", response.header("Content-Type"));
        }
    }

    @Test
    void classPathResourcesAreServedLikeFiles() throws Exception {
        Handler ui = StaticFiles.classpath("static-files-test").build();
        try (HttpServer resources = TestServers.start(ui); RawClient client = new RawClient(resources.port())) {
            RawResponse index = client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals(200, index.status());
            assertTrue(index.bodyText().contains("packed in the jar"), index.bodyText());
            assertEquals(304, client.exchange("GET / HTTP/1.1\r\nHost: a\r\nIf-None-Match: " + index.header("ETag")
                    + "\r\n\r\n").status());
            assertEquals(404, client.exchange("GET /missing.css HTTP/1.1\r\nHost: a\r\n\r\n").status());
            int outside = client.exchange("GET /..%2flogback-test.xml HTTP/1.1\r\nHost: a\r\n\r\n").status();
            assertTrue(outside == 400 || outside == 404, "a resource outside the base answered " + outside);
        }
    }
}
