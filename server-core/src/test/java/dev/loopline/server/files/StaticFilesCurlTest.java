package dev.loopline.server.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.Compression;
import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.StaticFiles;
import dev.loopline.testsupport.Commands;
import dev.loopline.testsupport.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files as curl fetches them: --compressed, -r (a range), -z (If-Modified-Since from a local file's time). */
class StaticFilesCurlTest {

    private static final String TEXT = "a line of a report that compresses well\n".repeat(2000);

    @TempDir
    Path temp;

    /** Runs curl with {@code args}, returns its standard output (the body and any -w text). */
    private static String curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS"));
        command.addAll(List.of(args));
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(30, TimeUnit.SECONDS), "curl did not finish");
        assertEquals(0, curl.exitValue(), output);
        return output;
    }

    @Test
    void curlGetsCompressedRangesAndNotModified() throws Exception {
        Assumptions.assumeTrue(Commands.exists("curl"), "curl is not installed: the curl test of static files is skipped");
        Path root = Files.createDirectories(temp.resolve("root"));
        Path report = root.resolve("report.txt");
        Files.writeString(report, TEXT);
        Files.setLastModifiedTime(report, FileTime.from(Instant.parse("2026-01-02T03:04:05Z")));
        Handler files = StaticFiles.directory(root).build().with(Compression.filter());
        try (HttpServer server = TestServers.start(files)) {
            String url = "http://127.0.0.1:" + server.port() + "/report.txt";

            String compressed = curl("--compressed", "-w", "\n%{size_download} %{content_type}", url);
            String[] lines = compressed.split("\n");
            String stats = lines[lines.length - 1];
            assertEquals(TEXT, compressed.substring(0, compressed.length() - stats.length() - 1), "curl decodes it");
            long onTheWire = Long.parseLong(stats.split(" ")[0]);
            assertTrue(onTheWire < TEXT.length() / 10, "compressed on the wire: " + onTheWire + " bytes");

            assertEquals(TEXT.substring(100, 200), curl("-r", "100-199", url), "a byte range");
            assertEquals("206", curl("-r", "100-199", "-o", "/dev/null", "-w", "%{http_code}", url));

            Path older = temp.resolve("older");
            Files.writeString(older, "");
            Files.setLastModifiedTime(older, FileTime.from(Instant.parse("2026-01-02T03:04:05Z")));
            assertEquals("304", curl("-z", older.toString(), "-o", "/dev/null", "-w", "%{http_code}", url),
                    "not modified since the local file's time");
            Files.setLastModifiedTime(older, FileTime.from(Instant.parse("2025-12-31T00:00:00Z")));
            assertEquals("200", curl("-z", older.toString(), "-o", "/dev/null", "-w", "%{http_code}", url),
                    "modified since an earlier time");
        }
    }
}
