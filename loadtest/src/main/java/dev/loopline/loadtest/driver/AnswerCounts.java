package dev.loopline.loadtest.driver;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What a Java load counts as its answers arrive (200s, other statuses, errors, and the latency of each), and the
 * sample of one measuring window, shared by the loads on plain Netty and over TLS.
 */
final class AnswerCounts {

    static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(2);

    final Recorder recorder = new Recorder(MAX_MICROS, 3);
    final LongAdder ok = new LongAdder();
    final LongAdder non200 = new LongAdder();
    final LongAdder errors = new LongAdder();

    /** One answer's latency, from {@code sentNanos}. */
    void recordLatency(long sentNanos) {
        recorder.recordValue(Math.min(MAX_MICROS, (System.nanoTime() - sentNanos) / 1000));
    }

    long answers() {
        return ok.sum() + non200.sum() + errors.sum();
    }

    /** Lets the load run for {@code window} and returns what it did in that time. */
    LoadSample measure(String driver, Duration window) throws InterruptedException {
        long startNanos = System.nanoTime();
        recorder.getIntervalHistogram(); // drop what was recorded before the window
        long ok0 = ok.sum();
        long non2000 = non200.sum();
        long errors0 = errors.sum();
        TimeUnit.NANOSECONDS.sleep(window.toNanos());
        long endNanos = System.nanoTime();
        Histogram latencies = recorder.getIntervalHistogram();
        double seconds = (endNanos - startNanos) / 1e9;
        return new LoadSample(driver, ok.sum() - ok0, non200.sum() - non2000, errors.sum() - errors0, seconds,
                LatencySummary.ofMicros(latencies));
    }
}
