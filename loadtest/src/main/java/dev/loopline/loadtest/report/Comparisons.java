package dev.loopline.loadtest.report;

import java.util.List;
import java.util.Optional;

/**
 * Ratios between servers within one scenario: each row against netty-raw (the ceiling), nginx (the C reference)
 * and each thread-per-request server. Only rows that measure a maximum (closed loop) get ratios; an open-loop row's
 * throughput is its target, not a result.
 */
final class Comparisons {

    static final String CEILING = "netty-raw";
    /** The C reference: what this machine does without a JVM. */
    static final String NATIVE = "nginx";
    static final List<String> REFERENCES = List.of(CEILING, NATIVE, "jetty-platform", "tomcat-platform",
            "jetty-virtual", "tomcat-virtual");

    private final List<Summary> rows;

    Comparisons(List<Summary> rows) {
        this.rows = rows;
    }

    /** The references that have a row in this run (a skipped server gets no column). */
    List<String> presentReferences() {
        return REFERENCES.stream().filter(name -> rows.stream().anyMatch(r -> r.server().equals(name))).toList();
    }

    static boolean isMaximum(Summary row) {
        return isMaximum(row.scenario(), row.variant());
    }

    /** Whether a row of this scenario and variant measures a maximum (its req/s is a result, not a target). */
    static boolean isMaximum(String scenario, String variant) {
        return !scenario.equals("idle") && !scenario.equals("websocket-idle") && !variant.startsWith("open loop")
                && !variant.equals("probe alone");
    }

    /** {@code row}'s throughput divided by {@code reference}'s in the same scenario and variant. */
    double ratio(Summary row, String reference) {
        if (!isMaximum(row)) {
            return Double.NaN;
        }
        return find(row.scenario(), row.variant(), reference)
                .map(ref -> ref.requestsPerSecond() > 0 ? row.requestsPerSecond() / ref.requestsPerSecond()
                        : Double.NaN)
                .orElse(Double.NaN);
    }

    Optional<Summary> find(String scenario, String variant, String server) {
        return rows.stream().filter(r -> r.scenario().equals(scenario) && r.variant().equals(variant)
                && r.server().equals(server)).findFirst();
    }
}
