package dev.loopline.loadtest.report;

import dev.loopline.loadtest.report.Baseline.Metric;
import dev.loopline.loadtest.report.Baseline.RowRounds;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * This run against an earlier one ({@code run --baseline PATH/report.json}): for every row both have, the change of
 * the medians of req/s, CPU and heap per request and p99, and whether it is beyond the noise band. The band of a
 * row's number is the spread its own rounds showed (max minus min, as a share of the median), the wider of the two
 * runs'; where neither run had two rounds, the kit's usual noise ({@link Metric#assumedNoisePercent()}) stands in.
 *
 * @param rowsWithoutBaseline rows of this run the baseline does not have (a new server or scenario)
 */
public record BaselineComparison(String baselinePath, String baselineStartedAt, String baselineLabel,
                                 List<RowChange> rows, int rowsWithoutBaseline) {

    public static final String WORSE = "worse";
    public static final String BETTER = "better";
    public static final String WITHIN_NOISE = "within noise";
    public static final String NOT_MEASURED = "not measured";
    /** No band is narrower than this: three rounds that happen to agree are no proof of a 0.1 % band. */
    static final double MIN_BAND_PERCENT = 1.0;

    /**
     * One number of one row.
     *
     * @param changePercent (this run − baseline) / baseline, in percent
     * @param noisePercent the band beyond which a change is flagged
     * @param noiseAssumed true when no run had the rounds to measure the band
     * @param verdict {@link #WORSE}, {@link #BETTER}, {@link #WITHIN_NOISE} or {@link #NOT_MEASURED}
     */
    public record Change(Metric metric, double baseline, double current, double changePercent, double noisePercent,
                         boolean noiseAssumed, String verdict) {

        public boolean flagged() {
            return verdict.equals(WORSE) || verdict.equals(BETTER);
        }
    }

    /** The changes of one row, in {@link Metric} order. */
    public record RowChange(String scenario, String variant, String server, List<Change> changes) {
    }

    public BaselineComparison {
        rows = List.copyOf(rows);
    }

    /** Compares this run's measurements with {@code baseline}, row by row. */
    public static BaselineComparison of(Baseline baseline, Collection<Measurement> measurements) {
        List<RowChange> rows = new ArrayList<>();
        int withoutBaseline = 0;
        for (Map.Entry<String, RowRounds> entry : Baseline.rowsOf(measurements).entrySet()) {
            RowRounds before = baseline.rows().get(entry.getKey());
            if (before == null) {
                withoutBaseline++;
                continue;
            }
            RowRounds now = entry.getValue();
            List<Change> changes = new ArrayList<>();
            for (Metric metric : Metric.values()) {
                boolean rateIsTarget = metric == Metric.REQUESTS_PER_SECOND
                        && !Comparisons.isMaximum(now.scenario(), now.variant());
                changes.add(rateIsTarget ? notMeasured(metric) : change(metric, before.of(metric), now.of(metric)));
            }
            rows.add(new RowChange(now.scenario(), now.variant(), now.server(), changes));
        }
        return new BaselineComparison(baseline.path().toString(), baseline.startedAt(), baseline.label(), rows,
                withoutBaseline);
    }

    static Change change(Metric metric, List<Double> before, List<Double> now) {
        double baseline = median(before);
        double current = median(now);
        if (Double.isNaN(baseline) || Double.isNaN(current) || baseline == 0) {
            return new Change(metric, baseline, current, Double.NaN, Double.NaN, false, NOT_MEASURED);
        }
        double changePercent = 100 * (current - baseline) / baseline;
        double measured = Math.max(nanToMinus(spreadPercent(before)), nanToMinus(spreadPercent(now)));
        boolean assumed = measured < 0;
        double band = Math.max(MIN_BAND_PERCENT, assumed ? metric.assumedNoisePercent() : measured);
        String verdict = Math.abs(changePercent) <= band ? WITHIN_NOISE
                : (changePercent > 0) == metric.higherIsBetter() ? BETTER : WORSE;
        return new Change(metric, baseline, current, changePercent, band, assumed, verdict);
    }

    private static Change notMeasured(Metric metric) {
        return new Change(metric, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false, NOT_MEASURED);
    }

    /** Every change beyond its band, one line each, for the console and the report. */
    public List<String> flaggedLines() {
        List<String> lines = new ArrayList<>();
        for (RowChange row : rows) {
            for (Change change : row.changes()) {
                if (change.flagged()) {
                    lines.add(String.format(Locale.ROOT, "%s %s%s: %s %s -> %s (%+.1f %%, noise band ±%.1f %%%s): %s",
                            row.scenario(), row.server(), row.variant().isEmpty() ? "" : " (" + row.variant() + ")",
                            change.metric().label(), Format.number(change.baseline()), Format.number(change.current()),
                            change.changePercent(), change.noisePercent(), change.noiseAssumed() ? ", assumed" : "",
                            change.verdict()));
                }
            }
        }
        return lines;
    }

    /** "+2.1 % (±4.0 %)", with the verdict when the change is beyond its band; "—" when not measured. */
    static String cell(Change change) {
        if (change.verdict().equals(NOT_MEASURED)) {
            return "—";
        }
        String text = String.format(Locale.ROOT, "%+.1f %% (±%.1f %%%s)", change.changePercent(),
                change.noisePercent(), change.noiseAssumed() ? " assumed" : "");
        return change.flagged() ? text + " " + change.verdict().toUpperCase(Locale.ROOT) : text;
    }

    /** (max − min) / median of the values that were measured, in percent; NaN with fewer than two. */
    static double spreadPercent(List<Double> values) {
        List<Double> measured = values.stream().filter(v -> !Double.isNaN(v)).sorted().toList();
        if (measured.size() < 2) {
            return Double.NaN;
        }
        double median = median(measured);
        return median == 0 ? Double.NaN
                : 100 * (measured.get(measured.size() - 1) - measured.get(0)) / Math.abs(median);
    }

    private static double nanToMinus(double value) {
        return Double.isNaN(value) ? -1 : value;
    }

    static double median(List<Double> values) {
        List<Double> measured = values.stream().filter(v -> !Double.isNaN(v)).sorted().toList();
        int n = measured.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? measured.get(n / 2) : (measured.get(n / 2 - 1) + measured.get(n / 2)) / 2;
    }
}
