package dev.loopline.loadtest.report;

import dev.loopline.loadtest.driver.LatencySummary;
import java.util.Map;

/**
 * One measured window of one server in one scenario and round: the row of the raw data in report.json.
 *
 * @param scenario {@code plaintext}, {@code json}, {@code pipelined}, {@code idle}, {@code cpu-mix}, {@code curve},
 *     {@code slow-io}
 * @param variant what differs inside a scenario (cpu-mix's load, the curve's target rate); empty otherwise
 * @param driver which load generator produced it
 * @param requestsPerSecond 200 responses per second of the measured load
 * @param latency of the measured requests (cpu-mix and idle: of the /plaintext probe)
 * @param serverCpuMicrosPerRequest user + system CPU of the server process over the window, per response
 * @param allocatedBytesPerRequest Java heap the server allocated over the window (all its threads, from the JVM's
 *     allocation counters), per response; NaN for a server without a Java heap (nginx) or when it was not read
 * @param serverCpuPercent the server's CPU time over the window, as a share of its cores
 * @param stealPercent time the hypervisor took from the server's cores during the window
 * @param otherCpuPercent CPU time on the server's cores used by other processes (other builds on a shared machine)
 * @param loadCpuPercent the load generator's CPU time, as a share of its cores
 * @param loadOtherCpuPercent CPU time on the load generator's cores used by other processes
 * @param rssBytes the server's resident memory at the end of the window
 * @param threads the server's thread count at the end of the window
 * @param jitQuiet whether the server's JIT compiler threads had gone quiet before the window
 * @param extra scenario-specific numbers, named with their unit
 */
public record Measurement(String scenario, String variant, String server, int round, String driver,
                          double requestsPerSecond, long okResponses, long non200, long errors,
                          LatencySummary latency, double serverCpuMicrosPerRequest, double allocatedBytesPerRequest,
                          double serverCpuPercent,
                          double stealPercent, double otherCpuPercent, double loadCpuPercent,
                          double loadOtherCpuPercent, long rssBytes, int threads, boolean jitQuiet,
                          Map<String, Double> extra) {

    /** Steal above this share of the server's cores makes a row untrustworthy: it is flagged. */
    public static final double STEAL_FLAG_PERCENT = 5.0;
    /** Other processes above this share of the server's cores compete with it: flagged too. */
    public static final double OTHER_CPU_FLAG_PERCENT = 10.0;
    /** The load generator at or above this share of its cores, while the server is below it, was the limit. */
    public static final double SATURATED_PERCENT = 90.0;

    public Measurement {
        extra = Map.copyOf(extra);
    }

    /** This row with one more scenario-specific number. */
    public Measurement withExtra(String name, double value) {
        Map<String, Double> more = new java.util.HashMap<>(extra);
        more.put(name, value);
        return new Measurement(scenario, variant, server, round, driver, requestsPerSecond, okResponses, non200,
                errors, latency, serverCpuMicrosPerRequest, allocatedBytesPerRequest, serverCpuPercent, stealPercent,
                otherCpuPercent, loadCpuPercent, loadOtherCpuPercent, rssBytes, threads, jitQuiet, more);
    }

    /** This row with failures that happened outside the load generator (for example refused connections). */
    public Measurement plusErrors(long more) {
        return new Measurement(scenario, variant, server, round, driver, requestsPerSecond, okResponses, non200,
                errors + more, latency, serverCpuMicrosPerRequest, allocatedBytesPerRequest, serverCpuPercent,
                stealPercent, otherCpuPercent, loadCpuPercent, loadOtherCpuPercent, rssBytes, threads, jitQuiet, extra);
    }

    public boolean stealFlagged() {
        return stealPercent > STEAL_FLAG_PERCENT;
    }

    /** The load generator's cores were full (its own work, or others' on them) while the server's were not. */
    public boolean clientLimited() {
        return loadCpuPercent + loadOtherCpuPercent >= SATURATED_PERCENT && serverCpuPercent < SATURATED_PERCENT;
    }

    /** The largest share of a core, server's or load's, that other processes or the hypervisor took. */
    public double disturbancePercent() {
        return Math.max(otherCpuPercent, loadOtherCpuPercent) + stealPercent;
    }

    /** Identifies the row across rounds. */
    public String key() {
        return scenario + "|" + variant + "|" + server;
    }
}
