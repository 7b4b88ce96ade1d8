package dev.loopline.loadtest.report;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** report.md: the environment, the headline ratios, then one table per scenario (medians over rounds). */
final class MarkdownReport {

    private MarkdownReport() {
    }

    static String render(RunReport report) {
        List<Summary> rows = report.summaries();
        Comparisons comparisons = new Comparisons(rows);
        StringBuilder md = new StringBuilder();
        md.append("# Loopline load test: ").append(report.mode()).append(" run of ").append(report.startedAt(), 0,
                16).append("\n\n");
        if (!report.label().isEmpty()) {
            md.append("**").append(report.label()).append("**\n\n");
        }
        md.append("Command: `").append(report.command()).append("`  \n");
        md.append(String.format(Locale.ROOT, "Wall time: %s; %d round(s); every number is the median over rounds.%n%n",
                minutes(report.wallSeconds()), report.rounds()));
        environment(md, report.environment());
        md.append("## Headlines\n\n");
        Headlines.of(rows).forEach(line -> md.append("- ").append(line).append('\n'));
        if (report.baseline() != null) {
            baseline(md, report.baseline());
        }
        md.append("\n## Servers\n\n| server | model | status | details |\n| --- | --- | --- | --- |\n");
        for (RunReport.ServerInfo server : report.servers()) {
            md.append("| ").append(server.name()).append(" | ").append(server.model()).append(" | ")
                    .append(server.status()).append(" | ").append(server.details().replace("|", "/")).append(" |\n");
        }
        for (RunReport.ScenarioInfo scenario : report.scenarios()) {
            List<Summary> scenarioRows = rows.stream().filter(r -> r.scenario().equals(scenario.name()))
                    .collect(Collectors.toList());
            md.append("\n## ").append(scenario.name()).append("\n\n").append(scenario.description()).append("\n\n");
            table(md, scenarioRows, comparisons);
        }
        if (!report.failures().isEmpty()) {
            md.append("\n## Failures\n\n");
            report.failures().forEach(f -> md.append("- round ").append(f.round()).append(' ').append(f.server())
                    .append(' ').append(f.scenario()).append(": ").append(f.message()).append('\n'));
        }
        md.append("\n## Notes\n\n");
        report.notes().forEach(note -> md.append("- ").append(note).append('\n'));
        md.append(READING);
        return md.toString();
    }

    private static void baseline(StringBuilder md, BaselineComparison comparison) {
        md.append("\n## Against the baseline\n\n").append(BaselineReport.intro(comparison)).append("\n\n");
        List<String> flagged = comparison.flaggedLines();
        if (flagged.isEmpty()) {
            md.append("Every change is within its noise band.\n\n");
        } else {
            md.append("Beyond the noise band:\n\n");
            flagged.forEach(line -> md.append("- ").append(line).append('\n'));
            md.append('\n');
        }
        md.append("| scenario | variant | server |");
        for (Baseline.Metric metric : Baseline.Metric.values()) {
            md.append(' ').append(metric.label()).append(" |");
        }
        md.append("\n|").append(" --- |".repeat(3 + Baseline.Metric.values().length)).append('\n');
        for (BaselineComparison.RowChange row : comparison.rows()) {
            md.append("| ").append(row.scenario()).append(" | ").append(row.variant()).append(" | ")
                    .append(row.server()).append(" |");
            row.changes().forEach(change -> md.append(' ').append(BaselineComparison.cell(change)).append(" |"));
            md.append('\n');
        }
    }

    private static void environment(StringBuilder md, RunReport.Environment env) {
        md.append("## Environment\n\n| | |\n| --- | --- |\n");
        row(md, "CPU", env.cpuModel() + ", " + env.cpus() + " CPUs");
        row(md, "kernel", env.kernel());
        row(md, "server JVM", env.serverJava());
        row(md, "server JVM flags (all servers)", "`" + env.serverJvmFlags() + "`");
        row(md, "runner / Java driver JVM", env.runnerJava());
        row(md, "Loopline transport", env.looplineTransport());
        row(md, "CPU pinning", env.cpuPinning());
        row(md, "wrk", env.wrk());
        row(md, "nginx (the C reference)", env.nginx());
        row(md, "CPU steal during the run (whole machine)", Format.percent(env.stealPercent()) + " %");
        row(md, "load average at start", String.format(Locale.ROOT, "%.2f", env.loadAverageAtStart()));
        row(md, "open files limit", String.valueOf(env.maxOpenFiles()));
        md.append('\n');
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static void table(StringBuilder md, List<Summary> rows, Comparisons comparisons) {
        List<String> references = comparisons.presentReferences();
        md.append("| server | variant | driver | req/s |");
        references.forEach(ref -> md.append(" vs ").append(ref).append(" |"));
        md.append(" CPU µs/req | heap B/req | p50 ms | p99 ms | p99.9 ms | errors | RSS MiB | threads | steal % |"
                + " others % server/load | load CPU % | extra | flags |\n|");
        md.append(" --- |".repeat(4 + references.size() + 13)).append('\n');
        for (Summary row : rows) {
            md.append("| ").append(row.server()).append(" | ").append(row.variant()).append(" | ")
                    .append(row.driver()).append(" | ").append(Format.rate(row.requestsPerSecond())).append(" |");
            references.forEach(ref -> md.append(' ').append(Format.ratio(comparisons.ratio(row, ref))).append(" |"));
            md.append(' ').append(Format.micros(row.serverCpuMicrosPerRequest()))
                    .append(" | ").append(Format.allocation(row.server(), row.allocatedBytesPerRequest()))
                    .append(" | ").append(Format.millis(row.latency().p50Ms()))
                    .append(" | ").append(Format.millis(row.latency().p99Ms()))
                    .append(" | ").append(Format.millis(row.latency().p999Ms()))
                    .append(" | ").append(row.errors() + row.non200())
                    .append(" | ").append(Format.mebibytes(row.rssBytes()))
                    .append(" | ").append(row.threads())
                    .append(" | ").append(Format.percent(row.stealPercent()))
                    .append(" | ").append(Format.percent(row.otherCpuPercent())).append(" / ")
                    .append(Format.percent(row.loadOtherCpuPercent()))
                    .append(" | ").append(Format.percent(row.loadCpuPercent()))
                    .append(" | ").append(extra(row))
                    .append(" | ").append(Format.flags(row)).append(" |\n");
        }
    }

    /** The scenario-specific numbers worth a column: idle memory per connection, targets, the probe's rate. */
    static String extra(Summary row) {
        StringBuilder text = new StringBuilder();
        Double open = row.extra().get("openConnections");
        if (open != null) {
            text.append(Format.rate(open)).append(" conns, ")
                    .append(Format.kibibytes(row.extra().getOrDefault("rssPerConnectionKiB", Double.NaN)))
                    .append(" KiB/conn, baseline ")
                    .append(Format.mebibytes(row.extra().getOrDefault("baselineRssBytes", 0.0).longValue()))
                    .append(" MiB");
        }
        Double target = row.extra().get("targetRequestsPerSecond");
        if (target != null) {
            text.append("target ").append(Format.rate(target)).append(" req/s");
        }
        Double probe = row.extra().get("probeRequestsPerSecond");
        if (probe != null && row.scenario().equals("cpu-mix") && !row.variant().equals("probe alone")) {
            text.append("probe ").append(Format.rate(probe)).append(" req/s");
        }
        return text.toString();
    }

    private static String minutes(double seconds) {
        return String.format(Locale.ROOT, "%d:%02d", (long) seconds / 60, (long) seconds % 60);
    }

    static final String READING = String.join("\n", "",
            "## How to read this",
            "",
            "- **req/s**: 200 responses per second in the measured window. Ratios compare rows of the same scenario:",
            "  `vs netty-raw` is this row divided by the ceiling; `vs jetty-platform` etc. divide by that server.",
            "- **CPU µs/req**: the server process's user + system CPU over the window divided by its responses."
                    + " Hypervisor steal barely changes it, so it is the steadiest CPU number on a shared machine.",
            "- **heap B/req**: Java heap the server's JVM allocated over the window (every thread, from the JVM's"
                    + " own allocation counters, read before and after), divided by its responses. Neither CPU"
                    + " noise nor steal moves it (±3 % between runs). nginx has no Java heap: n/a.",
            "- **latency**: closed-loop rows (plaintext, json, pipelined, slow-io, cpu-mix loads, the curve's max)"
                    + " measure from the actual send and under-report stalls (coordinated omission); open-loop rows"
                    + " (probes, the curve) measure from each request's intended send time, as wrk2 does.",
            "- **steal %**: time the hypervisor took from the server's CPU during the window; ⚠ above 5 %.",
            "- **others % server/load**: CPU time other processes (say, builds on a shared machine) used on the"
                    + " server's CPU and on the load generator's during the window; ⚠ shared CPU above 10 % on"
                    + " either. Throughput and latency of such a row are understated; CPU µs/req much less so.",
            "- **load CPU %**: the load generator's own CPU share of its cores. `client-limited` means its cores"
                    + " were 90 % or more busy (with it or with others) while the server's were not: the client, not"
                    + " the server, set the pace.",
            "- **JIT busy**: the server's JIT compilers were still working when the window began.",
            "");
}
