package dev.loopline.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The few sentences a reader wants first: Loopline against the ceiling and against thread-per-request servers. */
final class Headlines {

    private static final String LOOPLINE = "loopline";
    private static final List<String> THREAD_PER_REQUEST = List.of("jetty-platform", "tomcat-platform",
            "jetty-virtual", "tomcat-virtual");

    private Headlines() {
    }

    static List<String> of(List<Summary> rows) {
        Comparisons comparisons = new Comparisons(rows);
        List<String> lines = new ArrayList<>();
        for (String scenario : List.of("plaintext", "json", "pipelined", "download", "static-file",
                "websocket-echo")) {
            comparisons.find(scenario, "", LOOPLINE).ifPresent(loopline -> comparisons
                    .find(scenario, "", Comparisons.CEILING).ifPresent(ceiling -> lines.add(String.format(
                            "%s: loopline %s req/s = %s of netty-raw (%s req/s); CPU per request %s µs vs %s µs%s;"
                                    + " heap per request %s B vs %s B",
                            scenario, Format.rate(loopline.requestsPerSecond()),
                            Format.ratio(loopline.requestsPerSecond() / ceiling.requestsPerSecond()),
                            Format.rate(ceiling.requestsPerSecond()), Format.micros(loopline.serverCpuMicrosPerRequest()),
                            Format.micros(ceiling.serverCpuMicrosPerRequest()), nginx(comparisons, scenario),
                            Format.allocation(LOOPLINE, loopline.allocatedBytesPerRequest()),
                            Format.allocation(Comparisons.CEILING, ceiling.allocatedBytesPerRequest())))));
        }
        comparisons.find("slow-io", "", LOOPLINE).ifPresent(loopline -> lines.add("slow-io: loopline "
                + Format.rate(loopline.requestsPerSecond()) + " req/s (ideal 10,000)" + against(comparisons,
                "slow-io", "", loopline, true)));
        comparisons.find("cpu-mix", "probe + /cpu load", LOOPLINE).ifPresent(loopline -> {
            String inline = comparisons.find("cpu-mix", "probe + /cpu-inline load", LOOPLINE)
                    .map(row -> "; with the work on the loop (/cpu-inline) the probe's p99 is "
                            + Format.millis(row.latency().p99Ms()) + " ms").orElse("");
            lines.add("cpu-mix: a /plaintext probe's p99 beside /cpu load: loopline " + Format.millis(
                    loopline.latency().p99Ms()) + " ms" + against(comparisons, "cpu-mix", "probe + /cpu load",
                    loopline, false) + inline);
        });
        comparisons.find("idle", "", LOOPLINE).ifPresent(loopline -> lines.add("idle: loopline holds "
                + Format.rate(loopline.extra().getOrDefault("openConnections", Double.NaN)) + " connections in "
                + Format.mebibytes(loopline.rssBytes()) + " MiB RSS with " + loopline.threads() + " threads; probe p99 "
                + Format.millis(loopline.latency().p99Ms()) + " ms"));
        comparisons.find("websocket-idle", "", LOOPLINE).ifPresent(loopline -> lines.add("websocket-idle: loopline "
                + "holds " + Format.rate(loopline.extra().getOrDefault("openConnections", Double.NaN)) + " sessions, "
                + Format.kibibytes(loopline.extra().getOrDefault("rssPerConnectionKiB", Double.NaN)) + " KiB of RSS "
                + "each, with " + loopline.threads() + " threads" + comparisons.find("websocket-idle", "",
                Comparisons.CEILING).map(raw -> "; netty-raw " + Format.kibibytes(raw.extra().getOrDefault(
                "rssPerConnectionKiB", Double.NaN)) + " KiB each").orElse("")));
        lines.addAll(TlsHeadlines.of(comparisons));
        return lines;
    }

    /** ", nginx 9.8 µs (1.2× loopline's req/s)": the C reference's CPU per request beside Loopline's, when it ran. */
    private static String nginx(Comparisons comparisons, String scenario) {
        Optional<Summary> nginx = comparisons.find(scenario, "", Comparisons.NATIVE);
        Optional<Summary> loopline = comparisons.find(scenario, "", LOOPLINE);
        if (nginx.isEmpty() || loopline.isEmpty()) {
            return "";
        }
        return " (nginx " + Format.micros(nginx.get().serverCpuMicrosPerRequest()) + " µs, " + Format.rate(
                nginx.get().requestsPerSecond()) + " req/s: loopline " + Format.ratio(
                loopline.get().requestsPerSecond() / nginx.get().requestsPerSecond()) + " of nginx)";
    }

    /** "; jetty-platform 1,950 req/s (5.1×), ..." for throughput, or the probe's p99 for latency. */
    private static String against(Comparisons comparisons, String scenario, String variant, Summary loopline,
                                  boolean throughput) {
        StringBuilder text = new StringBuilder();
        for (String server : THREAD_PER_REQUEST) {
            Optional<Summary> other = comparisons.find(scenario, variant, server);
            if (other.isEmpty()) {
                continue;
            }
            Summary row = other.get();
            text.append(text.length() == 0 ? "; " : ", ").append(server).append(' ');
            if (throughput) {
                text.append(Format.rate(row.requestsPerSecond())).append(" req/s (loopline ")
                        .append(Format.ratio(loopline.requestsPerSecond() / row.requestsPerSecond())).append(')');
            } else {
                text.append(Format.millis(row.latency().p99Ms())).append(" ms");
            }
        }
        return text.toString();
    }
}
