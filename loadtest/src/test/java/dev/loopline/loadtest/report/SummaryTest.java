package dev.loopline.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.loadtest.driver.LatencySummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void eachColumnIsTheMedianOfItsRounds() {
        List<Summary> rows = Summary.of(List.of(
                row(1, 100, 1.0, 2.0), row(2, 300, 9.0, 1.0), row(3, 200, 3.0, 8.0)));

        assertEquals(1, rows.size());
        Summary row = rows.get(0);
        assertEquals(3, row.rounds());
        assertEquals(200, row.requestsPerSecond(), 1e-9);
        assertEquals(3.0, row.latency().p99Ms(), 1e-9);
        assertEquals(2.0, row.stealPercent(), 1e-9);
        assertEquals(8.0, row.maxStealPercent(), 1e-9);
        assertFalse(row.stealFlagged());
    }

    @Test
    void aRowIsFlaggedWhenItsMedianStealIsAboveFivePercent() {
        Summary row = Summary.of(List.of(row(1, 100, 1, 6), row(2, 100, 1, 7))).get(0);

        assertTrue(row.stealFlagged());
        assertEquals(6.5, row.stealPercent(), 1e-9);
    }

    @Test
    void aSaturatedLoadGeneratorBesideAnIdleServerIsClientLimited() {
        Measurement measurement = new Measurement("plaintext", "", "loopline", 1, "java", 1000, 1000, 0, 0,
                LatencySummary.NONE, 10, 600, 40, 0, 0, 99, 0, 0, 0, true, Map.of());

        assertTrue(measurement.clientLimited());
    }

    @Test
    void theHeapColumnIsTheMedianOfItsRoundsAndNaNWhenAServerHasNoJavaHeap() {
        Summary jvm = Summary.of(List.of(row(1, 100, 1, 0, 640), row(2, 100, 1, 0, 610), row(3, 100, 1, 0, 900)))
                .get(0);
        Summary nginx = Summary.of(List.of(row(1, 100, 1, 0, Double.NaN), row(2, 100, 1, 0, Double.NaN))).get(0);

        assertEquals(640, jvm.allocatedBytesPerRequest(), 1e-9);
        assertTrue(Double.isNaN(nginx.allocatedBytesPerRequest()));
        assertEquals("640", Format.allocation("loopline", jvm.allocatedBytesPerRequest()));
        assertEquals("n/a", Format.allocation("nginx", nginx.allocatedBytesPerRequest()));
        assertEquals("—", Format.allocation("netty-raw", Double.NaN));
    }

    private static Measurement row(int round, double rate, double p99, double steal) {
        return row(round, rate, p99, steal, 600);
    }

    private static Measurement row(int round, double rate, double p99, double steal, double heapBytes) {
        return new Measurement("plaintext", "", "loopline", round, "wrk", rate, (long) rate, 0, 0,
                new LatencySummary(10, 1, 1, p99, p99, p99), 10, heapBytes, 90, steal, 0, 50, 0, 100, 10, true,
                Map.of());
    }
}
