package dev.loopline.loadtest.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An earlier run's report.json, read for what a new run compares itself against: every round's req/s, CPU and heap
 * per request and p99 of every row. Read field by field, so that reports written before a column existed (heap per
 * request) still serve: the missing column is "not measured".
 *
 * @param path the report.json it was read from
 * @param startedAt when that run started
 * @param label its {@code --label}, if any
 * @param rows each row's values, one per round, by {@link Measurement#key()}
 */
public record Baseline(Path path, String startedAt, String label, Map<String, RowRounds> rows) {

    /** The compared numbers. */
    public enum Metric {
        REQUESTS_PER_SECOND("req/s", true, 15),
        CPU_MICROS_PER_REQUEST("CPU µs/req", false, 15),
        HEAP_BYTES_PER_REQUEST("heap B/req", false, 3),
        P99_MS("p99 ms", false, 15);

        private final String label;
        private final boolean higherIsBetter;
        private final double assumedNoisePercent;

        Metric(String label, boolean higherIsBetter, double assumedNoisePercent) {
            this.label = label;
            this.higherIsBetter = higherIsBetter;
            this.assumedNoisePercent = assumedNoisePercent;
        }

        public String label() {
            return label;
        }

        public boolean higherIsBetter() {
            return higherIsBetter;
        }

        /**
         * The noise band used when neither run has two rounds to measure one: what this kit saw between runs on the
         * 2-core VM (DESIGN.md: heap ±3 %, CPU and throughput ±15 %).
         */
        public double assumedNoisePercent() {
            return assumedNoisePercent;
        }
    }

    /** One row's values in every round; NaN where a round did not measure it. */
    public record RowRounds(String scenario, String variant, String server, Map<Metric, List<Double>> values) {

        List<Double> of(Metric metric) {
            return values.getOrDefault(metric, List.of());
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Reads {@code file}; an unreadable file or one that is no report fails with a message naming it. */
    public static Baseline read(Path file) {
        JsonNode report;
        try {
            report = JSON.readTree(Files.readString(file)).path("report");
        } catch (IOException | JacksonException e) {
            throw new IllegalArgumentException("--baseline " + file + ": cannot read it as a report.json ("
                    + e.getMessage() + ")", e);
        }
        JsonNode measurements = report.path("measurements");
        if (!measurements.isArray() || measurements.isEmpty()) {
            throw new IllegalArgumentException("--baseline " + file + ": no measurements in it (is it a loadtest "
                    + "report.json?)");
        }
        Map<String, RowRounds> rows = new LinkedHashMap<>();
        for (JsonNode m : measurements) {
            String scenario = m.path("scenario").asString("");
            String variant = m.path("variant").asString("");
            String server = m.path("server").asString("");
            RowRounds row = rows.computeIfAbsent(scenario + "|" + variant + "|" + server,
                    key -> new RowRounds(scenario, variant, server, new EnumMap<>(Metric.class)));
            add(row, Metric.REQUESTS_PER_SECOND, number(m.path("requestsPerSecond")));
            add(row, Metric.CPU_MICROS_PER_REQUEST, number(m.path("serverCpuMicrosPerRequest")));
            add(row, Metric.HEAP_BYTES_PER_REQUEST, number(m.path("allocatedBytesPerRequest")));
            add(row, Metric.P99_MS, number(m.path("latency").path("p99Ms")));
        }
        return new Baseline(file, report.path("startedAt").asString(""), report.path("label").asString(""), rows);
    }

    /** The same view of this run's own measurements. */
    static Map<String, RowRounds> rowsOf(Collection<Measurement> measurements) {
        Map<String, RowRounds> rows = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            RowRounds row = rows.computeIfAbsent(m.key(),
                    key -> new RowRounds(m.scenario(), m.variant(), m.server(), new EnumMap<>(Metric.class)));
            add(row, Metric.REQUESTS_PER_SECOND, m.requestsPerSecond());
            add(row, Metric.CPU_MICROS_PER_REQUEST, m.serverCpuMicrosPerRequest());
            add(row, Metric.HEAP_BYTES_PER_REQUEST, m.allocatedBytesPerRequest());
            add(row, Metric.P99_MS, m.latency().p99Ms());
        }
        return rows;
    }

    private static void add(RowRounds row, Metric metric, double value) {
        row.values().computeIfAbsent(metric, m -> new ArrayList<>()).add(value);
    }

    /** A JSON number, or NaN for a missing field and for Jackson's "NaN" string. */
    private static double number(JsonNode node) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isString()) {
            try {
                return Double.parseDouble(node.asString());
            } catch (NumberFormatException notANumber) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }
}
