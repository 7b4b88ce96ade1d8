package dev.loopline.loadtest.report;

import dev.loopline.loadtest.driver.LatencySummary;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * One row of the report: the median over rounds of every number of one server in one scenario (variant).
 * Each column is the median of its own values, so a row is not one particular round.
 */
public record Summary(String scenario, String variant, String server, String driver, int rounds,
                      double requestsPerSecond, long errors, long non200, LatencySummary latency,
                      double serverCpuMicrosPerRequest, double allocatedBytesPerRequest, double serverCpuPercent,
                      double stealPercent,
                      double maxStealPercent, double otherCpuPercent, double loadCpuPercent,
                      double loadOtherCpuPercent, long rssBytes, int threads,
                      boolean clientLimited, boolean jitQuiet, Map<String, Double> extra) {

    public boolean stealFlagged() {
        return stealPercent > Measurement.STEAL_FLAG_PERCENT;
    }

    public boolean sharedCpuFlagged() {
        return Math.max(otherCpuPercent, loadOtherCpuPercent) > Measurement.OTHER_CPU_FLAG_PERCENT;
    }

    /** Groups measurements by scenario, variant and server (keeping first-seen order) and takes medians. */
    public static List<Summary> of(Collection<Measurement> measurements) {
        Map<String, List<Measurement>> byKey = measurements.stream()
                .collect(Collectors.groupingBy(Measurement::key, LinkedHashMap::new, Collectors.toList()));
        List<Summary> rows = new ArrayList<>();
        for (List<Measurement> group : byKey.values()) {
            rows.add(of(group));
        }
        return rows;
    }

    private static Summary of(List<Measurement> rounds) {
        Measurement first = rounds.get(0);
        LatencySummary latency = new LatencySummary(
                (long) median(rounds, m -> m.latency().count()),
                median(rounds, m -> m.latency().p50Ms()), median(rounds, m -> m.latency().p90Ms()),
                median(rounds, m -> m.latency().p99Ms()), median(rounds, m -> m.latency().p999Ms()),
                median(rounds, m -> m.latency().maxMs()));
        Map<String, Double> extra = new LinkedHashMap<>();
        for (String name : first.extra().keySet().stream().sorted().collect(Collectors.toList())) {
            extra.put(name, median(rounds, m -> m.extra().getOrDefault(name, Double.NaN)));
        }
        String drivers = rounds.stream().map(Measurement::driver).distinct().collect(Collectors.joining("+"));
        long clientLimitedRounds = rounds.stream().filter(Measurement::clientLimited).count();
        return new Summary(first.scenario(), first.variant(), first.server(), drivers, rounds.size(),
                median(rounds, Measurement::requestsPerSecond),
                rounds.stream().mapToLong(Measurement::errors).sum(),
                rounds.stream().mapToLong(Measurement::non200).sum(), latency,
                median(rounds, Measurement::serverCpuMicrosPerRequest),
                median(rounds, Measurement::allocatedBytesPerRequest), median(rounds, Measurement::serverCpuPercent),
                median(rounds, Measurement::stealPercent),
                rounds.stream().mapToDouble(Measurement::stealPercent).max().orElse(0),
                median(rounds, Measurement::otherCpuPercent), median(rounds, Measurement::loadCpuPercent),
                median(rounds, Measurement::loadOtherCpuPercent), (long) median(rounds, m -> m.rssBytes()),
                (int) Math.round(median(rounds, m -> m.threads())), clientLimitedRounds * 2 > rounds.size(),
                rounds.stream().allMatch(Measurement::jitQuiet), extra);
    }

    static double median(List<Measurement> rounds, ToDoubleFunction<Measurement> value) {
        List<Double> values = rounds.stream().map(value::applyAsDouble).filter(v -> !Double.isNaN(v))
                .sorted(Comparator.naturalOrder()).collect(Collectors.toList());
        if (values.isEmpty()) {
            return Double.NaN;
        }
        int middle = values.size() / 2;
        return values.size() % 2 == 1 ? values.get(middle) : (values.get(middle - 1) + values.get(middle)) / 2;
    }
}
