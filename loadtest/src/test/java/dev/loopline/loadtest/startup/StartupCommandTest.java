package dev.loopline.loadtest.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The startup benchmark's harness, so that it cannot rot: one timed start of raw Netty and of Vert.x (their own
 * JVMs, the first 200 on a raw socket) gives a positive number and a table row. The numbers are not judged.
 */
class StartupCommandTest {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void oneStartOfEachReferenceServerIsTimed(@TempDir Path out) throws Exception {
        StartupOptions options = StartupOptions.parse(new String[] {"--starts", "1", "--servers", "netty-raw,vertx",
            "--modes", "plain", "--out", out.toString()});
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        StartupReport report = StartupCommand.measure(options, new PrintStream(progress, true,
                StandardCharsets.UTF_8));

        assertTrue(report.median("netty-raw", StartMode.PLAIN).orElseThrow() > 0, report.markdown());
        assertTrue(report.median("vertx", StartMode.PLAIN).orElseThrow() > 0, report.markdown());
        assertTrue(report.markdown().contains("| netty-raw | **"), report.markdown());
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("start 1/1:"));
    }

    @Test
    void ratiosAreTakenAgainstRawNettyInTheSameMode() {
        StartupReport report = new StartupReport("openjdk version \"17\"", "startup", 2,
                List.of(StartMode.PLAIN, StartMode.CDS));
        report.add("netty-raw", StartMode.PLAIN, 300);
        report.add("loopline-hello", StartMode.PLAIN, 240);
        report.add("netty-raw", StartMode.CDS, 200);
        report.add("loopline-hello", StartMode.CDS, 150);
        report.add("netty-raw", StartMode.PLAIN, 320);
        report.add("loopline-hello", StartMode.PLAIN, 280);

        assertEquals(260.0, report.median("loopline-hello", StartMode.PLAIN).orElseThrow());
        String markdown = report.markdown();
        // 260 / 310 without CDS; 150 / 310 and 150 / 200 with it
        assertTrue(markdown.contains("| loopline-hello | **260** (240–280) | 0.84 | **150** (150–150) | 0.48 | 0.75 |"),
                markdown);
    }

    @Test
    void aModeTheJdkLacksIsRefusedByName() {
        StartupOptions options = StartupOptions.parse(new String[] {"--modes", "aot", "--servers", "netty-raw"});
        if (Runtime.version().feature() >= 25) {
            return; // this JDK has the AOT cache
        }
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> StartupCommand.measure(options, System.out));
        assertTrue(refused.getMessage().contains("needs a JDK 25+"), refused.getMessage());
    }

    @Test
    void theFeatureVersionIsReadFromJavaVersion() {
        assertEquals(17, StartupCommand.featureVersion("openjdk version \"17.0.15\" 2025-04-15"));
        assertEquals(25, StartupCommand.featureVersion("openjdk version \"25\" 2025-09-16"));
        assertEquals(8, StartupCommand.featureVersion("java version \"1.8.0_402\""));
    }
}
