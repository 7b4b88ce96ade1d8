package dev.loopline.loadtest.runner;

import java.time.Duration;
import java.util.List;

/**
 * How long and how hard each scenario runs. The full plan fits 6 servers x 3 rounds into about 15 minutes on two
 * cores; the quick plan (one round, half a second per window) is the build's smoke test.
 *
 * @param warmupMin load before any window, even when the JIT is quiet at once
 * @param warmupMax load before a window at most, quiet or not (the row then says "JIT busy")
 * @param curveFractions open-loop rates of the curve, as fractions of the Java driver's closed-loop saturation
 * @param maxAttempts windows taken at most when other processes disturb them (the least disturbed is kept)
 */
record RunPlan(String mode, int rounds, Duration warmupMin, Duration warmupMax, Duration throughputWindow,
               Duration mixWindow, Duration slowWindow, Duration probeWindow, Duration curveSettle,
               Duration curveWindow, List<Double> curveFractions, int idleConnections, int maxAttempts) {

    static final int THROUGHPUT_CONNECTIONS = 64;
    static final int PIPELINE_DEPTH = 16;
    static final int SLOW_CONNECTIONS = 1000;
    static final int SLOW_MILLIS = 100;
    static final int CPU_ROUNDS = 2000;
    static final int PROBE_RATE = 200;
    /** Enough that a probe connection waits for its own answer only when the server stalls for 100 ms. */
    static final int PROBE_CONNECTIONS = 20;
    static final int IDLE_CONNECTIONS = 10_000;

    static RunPlan full() {
        return new RunPlan("full", 3, Duration.ofMillis(1500), Duration.ofSeconds(3), Duration.ofSeconds(3),
                Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(300),
                Duration.ofMillis(1500), List.of(0.33, 0.67, 1.0), IDLE_CONNECTIONS, 3);
    }

    static RunPlan quick() {
        return new RunPlan("quick", 1, Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(500),
                Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(200),
                Duration.ofMillis(500), List.of(0.5), 500, 1);
    }

    /** This plan with every window and warm-up multiplied by {@code scale} (warm-ups keep a floor). */
    RunPlan scaled(double scale) {
        if (scale >= 1.0) {
            return this;
        }
        return new RunPlan(mode, rounds, scale(warmupMin, scale), scale(warmupMax, scale),
                scale(throughputWindow, scale), scale(mixWindow, scale), scale(slowWindow, scale),
                scale(probeWindow, scale), curveSettle, scale(curveWindow, scale), curveFractions, idleConnections,
                maxAttempts);
    }

    private static Duration scale(Duration duration, double scale) {
        return Duration.ofMillis(Math.max(250, (long) (duration.toMillis() * scale)));
    }

    RunPlan withRounds(int newRounds) {
        return new RunPlan(mode, newRounds, warmupMin, warmupMax, throughputWindow, mixWindow, slowWindow,
                probeWindow, curveSettle, curveWindow, curveFractions, idleConnections, maxAttempts);
    }

    RunPlan withIdleConnections(int connections) {
        return new RunPlan(mode, rounds, warmupMin, warmupMax, throughputWindow, mixWindow, slowWindow,
                probeWindow, curveSettle, curveWindow, curveFractions, connections, maxAttempts);
    }
}
