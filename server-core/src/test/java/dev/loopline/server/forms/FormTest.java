package dev.loopline.server.forms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.loopline.server.Form;
import dev.loopline.server.FormFile;
import dev.loopline.server.FormLimits;
import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.Commands;
import dev.loopline.testsupport.LogCapture;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forms over real sockets: the JDK client, curl -F, raw bytes; every limit, every malformed case, the temp files. */
class FormTest {

    @TempDir
    Path temp;

    private FormLimits limits() {
        return FormLimits.defaults().withTempDirectory(temp).withMemoryThreshold(16 * 1024);
    }

    /** Answers one line per field and per file: name, file name, content type, size, SHA-256. */
    private static Handler describing(FormLimits limits) {
        return limits.bodyPolicy().applyTo(request -> Form.read(request, limits).thenApply(FormTest::describe));
    }

    static Response describe(Form form) {
        StringBuilder out = new StringBuilder();
        form.fieldMap().forEach((name, values) -> values.forEach(v -> out.append("field ").append(name).append('=')
                .append(v).append('\n')));
        for (FormFile file : form.files()) {
            out.append("file ").append(file.name()).append(' ').append(file.fileName()).append(' ')
                    .append(file.contentType()).append(' ').append(file.size()).append(' ').append(sha(file))
                    .append(file.path().isPresent() ? " disk" : " memory").append('\n');
        }
        return Response.text(out.toString());
    }

    private static String sha(FormFile file) {
        try (InputStream in = file.open()) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static byte[] data(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + i / 977);
        }
        // a near-miss of the delimiter inside the data: the parser must not stop there
        byte[] nearMiss = ("\r\n--" + Multipart.BOUNDARY.substring(0, 20)).getBytes(StandardCharsets.US_ASCII);
        if (size > 2 * nearMiss.length) {
            System.arraycopy(nearMiss, 0, bytes, size / 2, nearMiss.length);
        }
        return bytes;
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(temp)) {
            return files.toList();
        }
    }

    private void awaitNoTempFiles() throws Exception {
        Await.until("the temporary directory is empty", () -> tempFilesQuietly().equals("[]"),
                () -> "temporary files left behind: " + tempFilesQuietly());
    }

    private String tempFilesQuietly() {
        try {
            return tempFiles().toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static RawResponse post(HttpServer server, String contentType, byte[] body) throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /form HTTP/1.1\r\nHost: a\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                    + body.length + "\r\n\r\n");
            client.send(body);
            return client.readResponse();
        }
    }

    // ---- the clients people use

    @Test
    void urlencodedFieldsFromTheJdkClient() throws Exception {
        try (HttpServer server = TestServers.start(FormLimits.defaults().withMaxTotalBytes(1024).bodyPolicy()
                .applyTo(request -> Form.read(request).thenApply(FormTest::describe)))) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/form"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("user=ada+lovelace&tag=a&tag=%C3%A9t%C3%A9&empty=&flag"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("field user=ada lovelace\nfield tag=a\nfield tag=été\nfield empty=\nfield flag=\n",
                    response.body());
        }
    }

    @Test
    void anUrlencodedBodyInMemoryIsReadToo() throws Exception {
        try (HttpServer server = TestServers.start(request -> Form.read(request).thenApply(FormTest::describe))) {
            RawResponse response = post(server, "application/x-www-form-urlencoded; charset=UTF-8",
                    "a=1&b=2".getBytes(StandardCharsets.US_ASCII));
            assertEquals(200, response.status(), response.bodyText());
            assertEquals("field a=1\nfield b=2\n", response.bodyText());
        }
    }

    @Test
    void multipartFieldsAndFilesFromTheJdkClientSmallInMemoryLargeOnDisk() throws Exception {
        byte[] small = data(1000);
        byte[] large = data(3 * 1024 * 1024 + 17);
        byte[] body = new Multipart().field("title", "Holiday ☀").file("photo", "small.bin", "image/png", small)
                .file("photo", "../../etc/passwd", "application/octet-stream", large).end();
        Path keep = Files.createTempDirectory("kept");
        FormLimits limits = limits();
        try (HttpServer server = TestServers.start(limits.bodyPolicy().applyTo(request -> Form.read(request, limits)
                .thenApply(form -> {
                    Response described = describe(form);
                    try {
                        form.files("photo").get(1).moveTo(keep.resolve("moved.bin"));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return described;
                })))) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/form"))
                    .header("Content-Type", Multipart.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("field title=Holiday ☀\n"
                    + "file photo small.bin image/png 1000 " + sha(small) + " memory\n"
                    + "file photo ../../etc/passwd application/octet-stream " + large.length + " " + sha(large)
                    + " disk\n", response.body());
            awaitNoTempFiles();
            assertEquals(sha(large), sha(Files.readAllBytes(keep.resolve("moved.bin"))), "a moved file stays");
        } finally {
            Files.deleteIfExists(keep.resolve("moved.bin"));
            Files.delete(keep);
        }
    }

    @Test
    void curlDashF() throws Exception {
        Assumptions.assumeTrue(Commands.exists("curl"), "curl is not installed: the curl -F test is skipped");
        byte[] file = data(200_000);
        Path upload = temp.resolveSibling(temp.getFileName() + "-upload.bin");
        Files.write(upload, file);
        FormLimits limits = limits();
        try (HttpServer server = TestServers.start(describing(limits))) {
            Process curl = new ProcessBuilder("curl", "-sS", "-F", "name=curl user", "-F",
                    "doc=@" + upload + ";type=text/csv;filename=report.csv",
                    "http://127.0.0.1:" + server.port() + "/form").redirectErrorStream(true).start();
            String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, curl.waitFor(), output);
            assertEquals("field name=curl user\nfile doc report.csv text/csv 200000 " + sha(file) + " disk\n", output);
            awaitNoTempFiles();
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    // ---- limits: 413 naming the limit, nothing left on disk

    private void assertRefused(FormLimits limits, byte[] body, int status, String message) throws Exception {
        assertRefused(limits, Multipart.contentType(), body, status, message);
    }

    private void assertRefused(FormLimits limits, String contentType, byte[] body, int status, String message)
            throws Exception {
        try (HttpServer server = TestServers.start(describing(limits))) {
            RawResponse response = post(server, contentType, body);
            assertEquals(status, response.status(), response.bodyText());
            assertTrue(response.bodyText().contains(message), "expected '" + message + "' in: " + response.bodyText());
            awaitNoTempFiles();
        }
    }

    @Test
    void aFileOverItsLimitIs413NamingThePartAndTheLimit() throws Exception {
        byte[] body = new Multipart().file("first", "a.bin", "x/y", data(100_000))
                .file("avatar", "me.png", "image/png", data(300_000)).end();
        assertRefused(limits().withMaxFileBytes(200_000), body, 413,
                "part 'avatar' exceeds the file limit of 200000 bytes");
    }

    @Test
    void aFieldOverItsLimitIs413() throws Exception {
        byte[] body = new Multipart().field("bio", "x".repeat(5000)).end();
        assertRefused(limits().withMaxFieldBytes(4096), body, 413, "field 'bio' exceeds the field limit of 4096 bytes");
        assertRefused(limits().withMaxFieldBytes(4096), "application/x-www-form-urlencoded",
                ("bio=" + "x".repeat(5000)).getBytes(StandardCharsets.US_ASCII), 413,
                "field 'bio' exceeds the field limit of 4096 bytes");
    }

    @Test
    void tooManyPartsIs413() throws Exception {
        Multipart many = new Multipart();
        for (int i = 0; i < 11; i++) {
            many.field("f" + i, "v");
        }
        assertRefused(limits().withMaxParts(10), many.end(), 413, "the form has more than 10 parts");
        assertRefused(limits().withMaxParts(10), "application/x-www-form-urlencoded",
                "a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10&k=11".getBytes(StandardCharsets.US_ASCII), 413,
                "the form has more than 10 fields");
    }

    @Test
    void aBodyOverTheTotalLimitIs413EvenWhenEachPartIsWithinItsOwn() throws Exception {
        byte[] body = new Multipart().file("a", "a.bin", "x/y", data(400_000)).file("b", "b.bin", "x/y",
                data(400_000)).end();
        FormLimits limits = limits().withMaxTotalBytes(600_000);
        // the route streams more than the form's total, so it is the form that says no
        try (HttpServer server = TestServers.start(FormLimits.defaults().bodyPolicy().applyTo(request ->
                Form.read(request, limits).thenApply(FormTest::describe)))) {
            RawResponse response = post(server, Multipart.contentType(), body);
            assertEquals(413, response.status(), response.bodyText());
            assertTrue(response.bodyText().contains("the form exceeds the total limit of 600000 bytes"),
                    response.bodyText());
            awaitNoTempFiles();
        }
    }

    // ---- malformed input: 400 naming the problem, 415 for another type

    @Test
    void malformedMultipartIs400NamingTheProblem() throws Exception {
        FormLimits limits = limits();
        String good = Multipart.contentType();
        assertRefused(limits, "multipart/form-data", new Multipart().field("a", "1").end(), 400,
                "multipart/form-data without a boundary parameter");
        assertRefused(limits, "multipart/form-data; boundary=\"a{b}\"", new byte[10], 400,
                "the boundary contains '{'");
        assertRefused(limits, "multipart/form-data; boundary=" + "x".repeat(71), new byte[10], 400,
                "the boundary must have 1 to 70 characters");
        assertRefused(limits, good, "no boundary at all".getBytes(StandardCharsets.US_ASCII), 400,
                "the body has no boundary line");
        assertRefused(limits, good, new Multipart().field("a", "1").raw("--" + Multipart.BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nhalf a part").unterminated(), 400,
                "part 'b' is not terminated");
        assertRefused(limits, good, new Multipart().part("Content-Disposition form-data; name=\"a\"\r\n",
                new byte[1]).end(), 400, "part 1 has a bad header line");
        assertRefused(limits, good, new Multipart().part("Content-Type: text/plain\r\n", new byte[1]).end(), 400,
                "part 1 has no Content-Disposition header");
        assertRefused(limits, good, new Multipart().part("Content-Disposition: form-data; filename=\"x\"\r\n",
                new byte[1]).end(), 400, "part 1 has no name");
        assertRefused(limits, good, new Multipart().part("Content-Disposition: attachment; name=\"a\"\r\n",
                new byte[1]).end(), 400, "not form-data");
        byte[] afterClose = new Multipart().field("a", "1").raw("--" + Multipart.BOUNDARY + "--\r\n--"
                + Multipart.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"smuggled\"\r\n\r\nx\r\n").end();
        assertRefused(limits, good, afterClose, 400, "a part follows the closing boundary");
        assertRefused(limits, good, new Multipart().field("a", "1").raw("--" + Multipart.BOUNDARY + "junk\r\n")
                .unterminated(), 400, "does not end with CRLF");
    }

    @Test
    void badPercentEncodingIs400AndAnotherTypeIs415() throws Exception {
        FormLimits limits = limits();
        String urlencoded = "application/x-www-form-urlencoded";
        assertRefused(limits, urlencoded, "a=%zz".getBytes(StandardCharsets.US_ASCII), 400,
                "bad percent-encoding in the value of field 'a' at byte 2");
        assertRefused(limits, urlencoded, "a=%4".getBytes(StandardCharsets.US_ASCII), 400, "bad percent-encoding");
        assertRefused(limits, urlencoded, "a=%C3%28".getBytes(StandardCharsets.US_ASCII), 400, "is not valid UTF-8");
        assertRefused(limits, "application/json", "{}".getBytes(StandardCharsets.US_ASCII), 415,
                "this one is 'application/json'");
    }

    // ---- every outcome leaves the temporary directory empty

    @Test
    void aClientThatDisconnectsMidPartLeavesNoTemporaryFile() throws Exception {
        FormLimits limits = limits();
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        try (HttpServer server = TestServers.start(limits.bodyPolicy().applyTo(request -> Form.read(request, limits)
                .whenComplete((form, error) -> failure.complete(error)).thenApply(FormTest::describe)))) {
            byte[] head = new Multipart().raw("--" + Multipart.BOUNDARY + "\r\nContent-Disposition: form-data; "
                    + "name=\"big\"; filename=\"big.bin\"\r\n\r\n").unterminated();
            try (RawClient client = new RawClient(server.port())) {
                client.send("POST /form HTTP/1.1\r\nHost: a\r\nContent-Type: " + Multipart.contentType()
                        + "\r\nContent-Length: 50000000\r\n\r\n");
                client.send(head);
                client.send(data(2 * 1024 * 1024));
                Await.until("the part reaches a temporary file", () -> !tempFilesQuietly().equals("[]"));
            } // the client goes away with 48 MB unsent
            Throwable error = failure.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(error != null, "the read fails when its client goes");
            awaitNoTempFiles();
        }
    }

    @Test
    void aHandlerThatTimesOutAfterReadingLeavesNoTemporaryFile() throws Exception {
        FormLimits limits = limits();
        CompletableFuture<Form> read = new CompletableFuture<>();
        try (HttpServer server = TestServers.start(ServerConfig.builder().handlerTimeout(Duration.ofMillis(300)),
                limits.bodyPolicy().applyTo(request -> Form.read(request, limits)
                        .thenCompose(form -> {
                            read.complete(form);
                            return new CompletableFuture<Response>(); // never answers
                        })))) {
            byte[] body = new Multipart().file("doc", "d.bin", "x/y", data(500_000)).end();
            RawResponse response = post(server, Multipart.contentType(), body);
            assertTrue(response.status() == 503 || response.status() == 504, response.toString());
            assertTrue(read.get(5, java.util.concurrent.TimeUnit.SECONDS).files("doc").get(0).path().isPresent());
            awaitNoTempFiles();
        }
    }

    @Test
    void aFailedParseDeletesWhatItWroteAtOnce() throws Exception {
        // the second file is over its limit after the first went to disk: both are gone, the first too
        byte[] body = new Multipart().file("a", "a.bin", "x/y", data(300_000)).file("b", "b.bin", "x/y",
                data(300_000)).end();
        assertRefused(limits().withMaxParts(1), body, 413, "the form has more than 1 parts");
    }

    // ---- the loop never waits

    @Test
    void theLoopGuardDoesNotSeeAMultiMegabyteUpload() throws Exception {
        FormLimits limits = limits();
        try (HttpServer server = TestServers.start(ServerConfig.builder().eventLoops(1)
                .loopGuardThreshold(Duration.ofMillis(20)), describing(limits))) {
            post(server, "application/x-www-form-urlencoded", "warm=up".getBytes(StandardCharsets.US_ASCII));
            long episodesBefore = server.stats().blockedEpisodes();
            try (LogCapture log = LogCapture.of("dev.loopline.loopguard")) {
                for (int i = 0; i < 3; i++) {
                    byte[] body = new Multipart().field("i", "" + i).file("f", "f.bin", "x/y", data(4 * 1024 * 1024))
                            .end();
                    RawResponse response = post(server, Multipart.contentType(), body);
                    assertEquals(200, response.status(), response.bodyText());
                }
                assertEquals(List.of(), log.events(Level.WARN));
            }
            assertEquals(episodesBefore, server.stats().blockedEpisodes());
            awaitNoTempFiles();
        }
    }

    @Test
    void aRequestWithoutAServerKeepsItsFilesUntilClosed() throws Exception {
        byte[] body = new Multipart().file("f", "f.bin", "x/y", data(100_000)).end();
        dev.loopline.server.Request request = dev.loopline.server.Request.builder("POST", "/form")
                .header("Content-Type", Multipart.contentType()).body(body).build();
        Form form = Form.read(request, limits()).toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertFalse(tempFiles().isEmpty());
        assertEquals(100_000, form.file("f").orElseThrow().size());
        form.close();
        assertTrue(tempFiles().isEmpty());
    }
}
