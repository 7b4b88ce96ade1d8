package dev.loopline.server.reliability.soak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Judges the samples of a soak run (scripts/soak.sh). After a warm-up (the first fifth), the load samples are cut
 * into four windows; a series "keeps growing" when every window's mean is above the one before and the last is
 * above the first by more than the series' tolerance. After the load, nothing may be in flight or open.
 *
 * <p>Usage: {@code SoakReport <samples.csv>}; prints a table of the figures and exits 1 on a failed check.
 */
public final class SoakReport {

    /** A sampled column, and how much it may rise from the first window to the last: a fraction plus a constant. */
    private record Series(String column, String unit, double relative, double absolute) {
    }

    private static final List<Series> WATCHED = List.of(
            new Series("rss_kib", "KiB", 0.10, 32 * 1024),
            new Series("threads", "", 0.0, 4),
            new Series("heap_used_mib", "MiB", 0.25, 32),
            new Series("lag_p99_us", "us", 0.50, 5_000),
            // Under load these follow the throughput, which still rises as the JIT warms up: a leak doubles them.
            new Series("open_connections", "", 1.0, 50),
            new Series("in_flight", "", 1.0, 50));

    private SoakReport() {
    }

    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        List<String> header = Arrays.asList(lines.get(0).split(","));
        List<double[]> load = new ArrayList<>();
        double[] after = null;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            double[] values = Arrays.stream(cells).skip(1).mapToDouble(Double::parseDouble).toArray();
            if (cells[0].equals("load")) {
                load.add(values);
            } else {
                after = values;
            }
        }
        List<double[]> steady = load.subList(load.size() / 5, load.size());
        if (steady.size() < 8 || after == null) {
            System.out.println("FAIL: too few samples (" + load.size() + " under load) or none after it");
            System.exit(1);
        }
        boolean ok = true;
        System.out.println("| series | min | median | max | first window | last window | verdict |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (Series series : WATCHED) {
            int column = header.indexOf(series.column()) - 1;
            double[] values = steady.stream().mapToDouble(row -> row[column]).toArray();
            double[] windows = new double[4];
            for (int w = 0; w < 4; w++) {
                windows[w] = Arrays.stream(values, w * values.length / 4, (w + 1) * values.length / 4).average()
                        .orElse(0);
            }
            boolean rising = windows[0] < windows[1] && windows[1] < windows[2] && windows[2] < windows[3];
            boolean growing = rising && windows[3] - windows[0] > windows[0] * series.relative() + series.absolute();
            ok &= !growing;
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            System.out.printf("| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %s |%n", series.column(), sorted[0],
                    sorted[sorted.length / 2], sorted[sorted.length - 1], windows[0], windows[3],
                    growing ? "KEEPS GROWING" : "bounded");
        }
        double inFlightAfter = after[header.indexOf("in_flight") - 1];
        double openAfter = after[header.indexOf("open_connections") - 1];
        System.out.printf("after the load: in_flight=%.0f open_connections=%.0f requests_total=%.0f%n",
                inFlightAfter, openAfter, after[header.indexOf("requests_total") - 1]);
        ok &= inFlightAfter == 0 && openAfter == 0;
        System.out.println(ok ? "PASS" : "FAIL");
        System.exit(ok ? 0 : 1);
    }
}
