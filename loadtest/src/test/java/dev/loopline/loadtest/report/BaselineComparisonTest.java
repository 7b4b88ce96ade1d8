package dev.loopline.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.loadtest.driver.LatencySummary;
import dev.loopline.loadtest.report.Baseline.Metric;
import dev.loopline.loadtest.report.BaselineComparison.Change;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --baseline}: an earlier report.json read back, and each row's change judged against its rounds' noise. */
class BaselineComparisonTest {

    @Test
    void aChangeBeyondTheSpreadOfTheRoundsIsFlaggedAndOneWithinItIsNot(@TempDir Path dir) throws Exception {
        // Baseline: CPU 10.0-10.4 µs over three rounds (a 4 % band), heap 600-606 B (1 %).
        Path before = write(dir.resolve("before"), List.of(
                row("plaintext", "", "loopline", 1, 60_000, 10.0, 600, 2.0),
                row("plaintext", "", "loopline", 2, 61_000, 10.2, 603, 2.1),
                row("plaintext", "", "loopline", 3, 59_000, 10.4, 606, 2.2)));
        // This run: CPU +15 % (beyond), heap +0.5 % (within), req/s -1 % (within its 3.3 % band).
        List<Measurement> now = List.of(
                row("plaintext", "", "loopline", 1, 59_500, 11.6, 605, 2.0),
                row("plaintext", "", "loopline", 2, 60_500, 11.7, 606, 2.1),
                row("plaintext", "", "loopline", 3, 58_500, 11.8, 607, 2.2));

        BaselineComparison comparison = BaselineComparison.of(Baseline.read(before), now);

        assertEquals(1, comparison.rows().size());
        Change cpu = change(comparison, Metric.CPU_MICROS_PER_REQUEST);
        assertEquals(BaselineComparison.WORSE, cpu.verdict());
        assertEquals(100 * (11.7 - 10.2) / 10.2, cpu.changePercent(), 1e-9);
        assertEquals(100 * 0.4 / 10.2, cpu.noisePercent(), 1e-9);
        assertEquals(BaselineComparison.WITHIN_NOISE, change(comparison, Metric.HEAP_BYTES_PER_REQUEST).verdict());
        assertEquals(BaselineComparison.WITHIN_NOISE, change(comparison, Metric.REQUESTS_PER_SECOND).verdict());
        assertEquals(1, comparison.flaggedLines().size(), comparison.flaggedLines().toString());
        assertTrue(comparison.flaggedLines().get(0).startsWith("plaintext loopline: CPU µs/req 10.20 -> 11.70"),
                comparison.flaggedLines().get(0));
    }

    @Test
    void lessHeapIsBetterAndOneRoundFallsBackToTheKitsUsualNoise(@TempDir Path dir) throws Exception {
        Path before = write(dir.resolve("before"), List.of(row("json", "", "loopline", 1, 60_000, 12, 800, 3)));

        BaselineComparison comparison = BaselineComparison.of(Baseline.read(before),
                List.of(row("json", "", "loopline", 1, 62_000, 12.5, 700, 3)));

        Change heap = change(comparison, Metric.HEAP_BYTES_PER_REQUEST);
        assertEquals(BaselineComparison.BETTER, heap.verdict());
        assertTrue(heap.noiseAssumed());
        assertEquals(3.0, heap.noisePercent(), 1e-9);
        Change cpu = change(comparison, Metric.CPU_MICROS_PER_REQUEST);
        assertEquals(BaselineComparison.WITHIN_NOISE, cpu.verdict(), "+4 % is within the assumed ±15 %");
    }

    @Test
    void aServerWithoutJavaHeapAndAnOpenLoopRateAreNotCompared(@TempDir Path dir) throws Exception {
        Path before = write(dir.resolve("before"), List.of(
                row("plaintext", "", "nginx", 1, 120_000, 4.5, Double.NaN, 1),
                row("curve", "open loop  33% of max", "loopline", 1, 6_000, 20, 900, 4)));

        BaselineComparison comparison = BaselineComparison.of(Baseline.read(before), List.of(
                row("plaintext", "", "nginx", 1, 121_000, 4.4, Double.NaN, 1),
                row("curve", "open loop  33% of max", "loopline", 1, 3_000, 20, 900, 4),
                row("json", "", "nginx", 1, 100_000, 5, Double.NaN, 1)));

        assertEquals(BaselineComparison.NOT_MEASURED,
                change(comparison, 0, Metric.HEAP_BYTES_PER_REQUEST).verdict());
        assertEquals(BaselineComparison.NOT_MEASURED, change(comparison, 1, Metric.REQUESTS_PER_SECOND).verdict(),
                "an open loop's rate is its target, not a result");
        assertEquals(1, comparison.rowsWithoutBaseline());
        assertEquals("—", BaselineComparison.cell(change(comparison, 0, Metric.HEAP_BYTES_PER_REQUEST)));
    }

    @Test
    void aReportWithoutTheHeapColumnStillServesAsBaseline(@TempDir Path dir) throws Exception {
        Path old = dir.resolve("report.json");
        Files.writeString(old, "{\"report\":{\"startedAt\":\"2026-11-24T10:00\",\"label\":\"quiet\",\"measurements\":["
                + "{\"scenario\":\"pipelined\",\"variant\":\"\",\"server\":\"loopline\",\"requestsPerSecond\":664330,"
                + "\"serverCpuMicrosPerRequest\":1.5,\"latency\":{\"p99Ms\":\"NaN\"}}]}}");

        Baseline baseline = Baseline.read(old);
        BaselineComparison comparison = BaselineComparison.of(baseline,
                List.of(row("pipelined", "", "loopline", 1, 700_000, 1.4, 630, 5)));

        assertEquals("2026-11-24T10:00", baseline.startedAt());
        assertEquals(BaselineComparison.NOT_MEASURED,
                change(comparison, Metric.HEAP_BYTES_PER_REQUEST).verdict());
        assertEquals(BaselineComparison.NOT_MEASURED, change(comparison, Metric.P99_MS).verdict());
        assertEquals(BaselineComparison.WITHIN_NOISE, change(comparison, Metric.REQUESTS_PER_SECOND).verdict());
    }

    @Test
    void aFileThatIsNoReportIsRefusedWithItsName(@TempDir Path dir) throws Exception {
        Path notAReport = dir.resolve("notes.json");
        Files.writeString(notAReport, "{\"hello\":1}");

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Baseline.read(notAReport));

        assertTrue(refused.getMessage().contains(notAReport.toString()), refused.getMessage());
    }

    private static Change change(BaselineComparison comparison, Metric metric) {
        return change(comparison, 0, metric);
    }

    private static Change change(BaselineComparison comparison, int row, Metric metric) {
        return comparison.rows().get(row).changes().get(metric.ordinal());
    }

    /** Writes a report of {@code measurements} as the runner does, and returns its report.json. */
    private static Path write(Path directory, List<Measurement> measurements) throws Exception {
        RunReport.Environment environment = new RunReport.Environment("cpu", 2, "kernel", "17", "25", "-Xmx1g",
                "IO_URING", "pinned", "wrk", "nginx/1.22.1", 0, 0, 20_000);
        RunReport report = new RunReport("2026-12-05T12:00", "run", "", "full", 3, 1, environment, List.of(),
                List.of(), List.of(), List.of(), new ArrayList<>(measurements), null);
        ReportFiles.write(report, directory);
        return directory.resolve("report.json");
    }

    private static Measurement row(String scenario, String variant, String server, int round, double rate,
                                   double cpuMicros, double heapBytes, double p99) {
        return new Measurement(scenario, variant, server, round, "wrk", rate, (long) rate, 0, 0,
                new LatencySummary(100, 1, 1, p99, p99, p99), cpuMicros, heapBytes, 90, 0, 0, 50, 0, 100, 10, true,
                Map.of());
    }
}
