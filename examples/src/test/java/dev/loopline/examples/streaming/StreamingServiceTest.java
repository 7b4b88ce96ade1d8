package dev.loopline.examples.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.HttpServer;
import dev.loopline.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming example over a real socket with the JDK's HTTP client. */
class StreamingServiceTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    @TempDir
    static Path uploads;
    private static CsvExport export;
    private static Ticker ticker;
    private static HttpServer server;

    @BeforeAll
    static void start() {
        export = new CsvExport();
        ticker = new Ticker();
        server = HttpServer.start(ServerConfig.builder().host("127.0.0.1").port(0).build(),
                StreamingService.router(export, ticker, 64L * 1024 * 1024, uploads));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        ticker.close();
        export.close();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void exportStreamsEveryRowAsCsv() throws Exception {
        HttpResponse<Stream<String>> response = CLIENT.send(HttpRequest.newBuilder(uri("/export?rows=100000")).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertEquals("text/csv; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("chunked", response.headers().firstValue("Transfer-Encoding").orElseThrow());
        List<String> lines = response.body().toList();
        assertEquals(100_001, lines.size());
        assertEquals("id,name,score,even", lines.get(0));
        assertEquals("100000,item-100000,0,true", lines.get(100_000));
    }

    @Test
    void exportRefusesAnAbsurdRowCount() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri("/export?rows=-1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("rows"), response.body());
    }

    @Test
    void eventsTickWithIdsAndResumeAfterLastEventId() throws Exception {
        HttpResponse<Stream<String>> response = CLIENT.send(HttpRequest.newBuilder(uri("/events"))
                .header("Last-Event-ID", "0").build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals("text/event-stream; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        List<String> first = response.body().filter(line -> line.startsWith("id: ")).limit(2).toList();
        long a = Long.parseLong(first.get(0).substring(4));
        long b = Long.parseLong(first.get(1).substring(4));
        assertEquals(a + 1, b, first.toString());
    }

    @Test
    void uploadAnswersSizeAndSha256AndLeavesNoFile() throws Exception {
        byte[] data = new byte[5 * 1024 * 1024 + 7];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 251);
        }
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri("/upload"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        assertEquals("{\"bytes\":" + data.length + ",\"sha256\":\"" + sha + "\"}", response.body());
        assertEquals(0, countFiles(uploads));
    }

    @Test
    void anUploadOverTheLimitIs413AndLeavesNoFile() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri("/upload"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
                    private long left = 65L * 1024 * 1024; // over the test's 64 MiB limit, and of unknown length
                    @Override public int read() {
                        return left-- > 0 ? 0 : -1;
                    }
                    @Override public int read(byte[] b, int off, int len) {
                        if (left <= 0) {
                            return -1;
                        }
                        int n = (int) Math.min(len, left);
                        left -= n;
                        return n;
                    }
                })).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
        dev.loopline.testsupport.Await.until("no upload file left", () -> countFiles(uploads) == 0);
    }

    @Test
    void formAnswersEachFieldAndEachFilesNameSizeAndSha256AsJson() throws Exception {
        String boundary = "exampleBoundary42";
        byte[] photo = new byte[3 * 1024 * 1024]; // above the 16 KiB threshold: it passes through a temporary file
        for (int i = 0; i < photo.length; i++) {
            photo[i] = (byte) (i % 253);
        }
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"cat.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(photo);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri("/form"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(photo));
        assertEquals("{\"fields\":{\"note\":[\"hello\"]},\"files\":[{\"field\":\"photo\",\"fileName\":\"cat.jpg\","
                + "\"contentType\":\"image/jpeg\",\"size\":" + photo.length + ",\"sha256\":\"" + sha + "\"}]}",
                response.body());
        dev.loopline.testsupport.Await.until("no form file left", () -> countFiles(uploads) == 0);
    }

    @Test
    void aMalformedFormIs400NamingTheProblem() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri("/form"))
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("part 1 has no Content-Disposition header"), response.body());
    }

    private static long countFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
