package dev.loopline.loadtest.driver;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of one measured window, in milliseconds.
 *
 * @param count latencies recorded
 */
public record LatencySummary(long count, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs) {

    public static final LatencySummary NONE = new LatencySummary(0, 0, 0, 0, 0, 0);

    /** From a histogram of microseconds. */
    public static LatencySummary ofMicros(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return NONE;
        }
        return new LatencySummary(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(99)),
                ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
