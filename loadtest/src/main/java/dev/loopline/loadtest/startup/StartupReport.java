package dev.loopline.loadtest.startup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The timed starts of one {@code startup} run and their table: medians, ranges and ratios to raw Netty. */
final class StartupReport {

    private final String javaVersion;
    private final String commandLine;
    private final int starts;
    private final Map<String, List<Double>> samples = new LinkedHashMap<>(); // "name" or "name+cds", in order

    StartupReport(String javaVersion, String commandLine, int starts) {
        this.javaVersion = javaVersion;
        this.commandLine = commandLine;
        this.starts = starts;
    }

    void add(String server, boolean cds, double millis) {
        samples.computeIfAbsent(key(server, cds), k -> new ArrayList<>()).add(millis);
    }

    /** The median of a server's starts in one mode, if it was measured in that mode. */
    Optional<Double> median(String server, boolean cds) {
        List<Double> values = samples.get(key(server, cds));
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
        md.append("Time from process spawn to the first `HTTP/1.1 200` on `GET /plaintext`, median of ")
                .append(starts).append(" interleaved starts (min–max); JDK: ").append(javaVersion).append('\n')
                .append("Command: `").append(commandLine).append("`\n\n")
                .append("| server | no CDS, ms | × raw Netty | with AppCDS, ms | × raw Netty (no CDS) "
                        + "| × raw Netty (with CDS) |\n")
                .append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        Optional<Double> nettyPlain = median(StartupTarget.NETTY_RAW, false);
        Optional<Double> nettyCds = median(StartupTarget.NETTY_RAW, true);
        for (String server : servers()) {
            Optional<Double> plain = median(server, false);
            Optional<Double> cds = median(server, true);
            md.append("| ").append(server)
                    .append(" | ").append(cell(server, false))
                    .append(" | ").append(ratio(plain, nettyPlain))
                    .append(" | ").append(cell(server, true))
                    .append(" | ").append(ratio(cds, nettyPlain))
                    .append(" | ").append(ratio(cds, nettyCds))
                    .append(" |\n");
        }
        return md.toString();
    }

    /** One line per start: server, cds, milliseconds. */
    String samplesTsv() {
        StringBuilder tsv = new StringBuilder("server\tcds\tmillis\n");
        samples.forEach((key, values) -> {
            boolean cds = key.endsWith("+cds");
            String server = cds ? key.substring(0, key.length() - 4) : key;
            values.forEach(v -> tsv.append(server).append('\t').append(cds).append('\t')
                    .append(String.format(Locale.ROOT, "%.1f", v)).append('\n'));
        });
        return tsv.toString();
    }

    private List<String> servers() {
        List<String> servers = new ArrayList<>();
        for (String key : samples.keySet()) {
            String server = key.endsWith("+cds") ? key.substring(0, key.length() - 4) : key;
            if (!servers.contains(server)) {
                servers.add(server);
            }
        }
        return servers;
    }

    private String cell(String server, boolean cds) {
        List<Double> values = samples.get(key(server, cds));
        if (values == null || values.isEmpty()) {
            return "–";
        }
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return String.format(Locale.ROOT, "**%.0f** (%.0f–%.0f)", median(server, cds).orElse(0.0), min, max);
    }

    private static String ratio(Optional<Double> value, Optional<Double> reference) {
        if (value.isEmpty() || reference.isEmpty()) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f", value.get() / reference.get());
    }

    private static String key(String server, boolean cds) {
        return cds ? server + "+cds" : server;
    }
}
