package dev.loopline.loadtest.startup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The timed starts of one {@code startup} run and their table: for each mode the median (with the range), its
 * ratio to raw Netty's plain start and, for the modes with an archive, to raw Netty's start in the same mode.
 */
final class StartupReport {

    private final String javaVersion;
    private final String commandLine;
    private final int starts;
    private final List<StartMode> modes;
    private final List<String> servers = new ArrayList<>(); // in the order of their first start
    private final Map<String, List<Double>> samples = new LinkedHashMap<>(); // by key(server, mode)

    StartupReport(String javaVersion, String commandLine, int starts, List<StartMode> modes) {
        this.javaVersion = javaVersion;
        this.commandLine = commandLine;
        this.starts = starts;
        this.modes = List.copyOf(modes);
    }

    void add(String server, StartMode mode, double millis) {
        if (!servers.contains(server)) {
            servers.add(server);
        }
        samples.computeIfAbsent(key(server, mode), k -> new ArrayList<>()).add(millis);
    }

    /** The median of a server's starts in one mode, if it was measured in that mode. */
    Optional<Double> median(String server, StartMode mode) {
        List<Double> values = samples.get(key(server, mode));
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int middle = sorted.size() / 2;
        return Optional.of(sorted.size() % 2 == 1 ? sorted.get(middle)
                : (sorted.get(middle - 1) + sorted.get(middle)) / 2);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Time from process spawn to the first `HTTP/1.1 200` on `GET /plaintext`: median of ")
                .append(starts).append(" interleaved starts (min–max).  \nJDK: ").append(javaVersion)
                .append("  \nCommand: `").append(commandLine).append("`\n\n");
        StringBuilder header = new StringBuilder("| server |");
        StringBuilder rule = new StringBuilder("| --- |");
        for (StartMode mode : modes) {
            header.append(' ').append(mode.heading()).append(", ms | × raw Netty").append(mode == StartMode.PLAIN
                    ? " |" : " (no CDS) | × raw Netty (" + mode.heading().replace("with ", "") + ") |");
            rule.append(mode == StartMode.PLAIN ? " ---: | ---: |" : " ---: | ---: | ---: |");
        }
        md.append(header).append('\n').append(rule).append('\n');
        Optional<Double> nettyPlain = median(StartupTarget.NETTY_RAW, StartMode.PLAIN);
        for (String server : servers) {
            md.append("| ").append(server).append(" |");
            for (StartMode mode : modes) {
                Optional<Double> median = median(server, mode);
                md.append(' ').append(cell(server, mode)).append(" | ").append(ratio(median, nettyPlain)).append(" |");
                if (mode != StartMode.PLAIN) {
                    md.append(' ').append(ratio(median, median(StartupTarget.NETTY_RAW, mode))).append(" |");
                }
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** One line per start: server, mode, milliseconds. */
    String samplesTsv() {
        StringBuilder tsv = new StringBuilder("server\tmode\tmillis\n");
        for (String server : servers) {
            for (StartMode mode : modes) {
                for (double millis : samples.getOrDefault(key(server, mode), List.of())) {
                    tsv.append(server).append('\t').append(mode.optionName()).append('\t')
                            .append(String.format(Locale.ROOT, "%.1f", millis)).append('\n');
                }
            }
        }
        return tsv.toString();
    }

    private String cell(String server, StartMode mode) {
        List<Double> values = samples.get(key(server, mode));
        if (values == null || values.isEmpty()) {
            return "–";
        }
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return String.format(Locale.ROOT, "**%.0f** (%.0f–%.0f)", median(server, mode).orElse(0.0), min, max);
    }

    private static String ratio(Optional<Double> value, Optional<Double> reference) {
        if (value.isEmpty() || reference.isEmpty()) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f", value.get() / reference.get());
    }

    private static String key(String server, StartMode mode) {
        return server + "/" + mode.optionName();
    }
}
