package dev.loopline.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** report.html: the Markdown report's content with SVG charts: throughput bars, latency percentiles, the curve. */
final class HtmlReport {

    private static final List<String> PERCENTILES = List.of("p50", "p90", "p99", "p99.9", "max");

    private HtmlReport() {
    }

    static String render(RunReport report) {
        List<Summary> rows = report.summaries();
        Comparisons comparisons = new Comparisons(rows);
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Loopline load "
                + "test</title><style>body{font-family:sans-serif;max-width:1200px;margin:2em auto;color:#1a202c}"
                + "table{border-collapse:collapse;font-size:13px;margin:1em 0}td,th{border:1px solid #cbd5e0;"
                + "padding:3px 6px;text-align:right}td:first-child,th:first-child{text-align:left}"
                + ".charts{display:flex;flex-wrap:wrap;gap:1em}code{background:#edf2f7;padding:1px 4px}</style>"
                + "</head><body>");
        html.append("<h1>Loopline load test: ").append(report.mode()).append(" run of ")
                .append(esc(report.startedAt().substring(0, 16))).append("</h1>");
        if (!report.label().isEmpty()) {
            html.append("<p><strong>").append(esc(report.label())).append("</strong></p>");
        }
        html.append("<p>Command: <code>").append(esc(report.command())).append("</code><br>")
                .append(String.format(Locale.ROOT, "Wall time: %.0f s; %d round(s); every number is the median over "
                        + "rounds.</p>", report.wallSeconds(), report.rounds()));
        environment(html, report.environment());
        html.append("<h2>Headlines</h2><ul>");
        Headlines.of(rows).forEach(line -> html.append("<li>").append(esc(line)).append("</li>"));
        html.append("</ul>");
        if (report.baseline() != null) {
            BaselineReport.html(html, report.baseline());
        }
        html.append("<h2>Servers</h2><table><tr><th>server</th><th>model</th><th>status</th><th>details</th></tr>");
        for (RunReport.ServerInfo server : report.servers()) {
            html.append("<tr><td>").append(esc(server.name())).append("</td><td>").append(server.model())
                    .append("</td><td>").append(server.status()).append("</td><td style='text-align:left'>")
                    .append(esc(server.details())).append("</td></tr>");
        }
        html.append("</table>");
        for (RunReport.ScenarioInfo scenario : report.scenarios()) {
            List<Summary> scenarioRows = rows.stream().filter(r -> r.scenario().equals(scenario.name()))
                    .collect(Collectors.toList());
            html.append("<h2>").append(esc(scenario.name())).append("</h2><p>").append(esc(scenario.description()))
                    .append("</p><div class='charts'>").append(charts(scenario.name(), scenarioRows)).append("</div>");
            table(html, scenarioRows, comparisons);
        }
        if (!report.failures().isEmpty()) {
            html.append("<h2>Failures</h2><ul>");
            report.failures().forEach(f -> html.append("<li>round ").append(f.round()).append(' ')
                    .append(esc(f.server())).append(' ').append(esc(f.scenario())).append(": ")
                    .append(esc(f.message())).append("</li>"));
            html.append("</ul>");
        }
        html.append("<h2>Notes</h2><ul>");
        report.notes().forEach(note -> html.append("<li>").append(esc(note)).append("</li>"));
        html.append("</ul><pre>").append(esc(MarkdownReport.READING)).append("</pre></body></html>\n");
        return html.toString();
    }

    private static String charts(String scenario, List<Summary> rows) {
        switch (scenario) {
            case "idle":
            case "websocket-idle":
                return SvgCharts.bars("RSS with the connections open", rows.stream().map(r -> new SvgCharts.Bar(
                        r.server(), r.rssBytes() / 1048576.0, "")).collect(Collectors.toList()), "MiB")
                        + SvgCharts.bars("Server threads", rows.stream().map(r -> new SvgCharts.Bar(r.server(),
                        r.threads(), "")).collect(Collectors.toList()), "threads")
                        + percentiles("Probe latency beside the idle connections", rows)
                        + allocation(scenario, rows);
            case "cpu-mix":
                List<Summary> loaded = rows.stream().filter(r -> !r.variant().equals("probe alone"))
                        .collect(Collectors.toList());
                return SvgCharts.bars("/plaintext probe p99 (ms)", rows.stream().map(r -> new SvgCharts.Bar(
                        r.server() + " " + shortVariant(r.variant()), r.latency().p99Ms(), ""))
                        .collect(Collectors.toList()), "ms")
                        + SvgCharts.bars("CPU load throughput", loaded.stream().map(r -> new SvgCharts.Bar(
                        r.server() + " " + shortVariant(r.variant()), r.requestsPerSecond(), Format.flags(r)))
                        .collect(Collectors.toList()), "req/s")
                        + allocation(scenario, rows);
            case "curve":
                return curve(rows, "p99", true) + curve(rows, "p50", false) + allocation(scenario, rows);
            default:
                return SvgCharts.bars(scenario + " throughput", rows.stream().map(r -> new SvgCharts.Bar(r.server(),
                        r.requestsPerSecond(), Format.flags(r))).collect(Collectors.toList()), "req/s")
                        + percentiles(scenario + " latency percentiles", rows)
                        + allocation(scenario, rows);
        }
    }

    /** Heap allocated per request, a bar per row; nginx's bar says it has no Java heap instead of showing 0. */
    private static String allocation(String scenario, List<Summary> rows) {
        return SvgCharts.bars(scenario + ": heap allocated per request", rows.stream().map(r -> new SvgCharts.Bar(
                (r.server() + " " + shortVariant(r.variant())).trim(), r.allocatedBytesPerRequest(),
                Format.hasJavaHeap(r.server()) ? "" : "n/a: no Java heap")).collect(Collectors.toList()), "B/req");
    }

    private static String shortVariant(String variant) {
        return variant.replace("probe + ", "").replace(" load", "").replace("probe ", "")
                .replace("closed loop (max)", "max").replace("open loop", "").replace("of max", "").trim();
    }

    private static String percentiles(String title, List<Summary> rows) {
        List<SvgCharts.Series> series = new ArrayList<>();
        for (Summary row : rows) {
            double[] values = {row.latency().p50Ms(), row.latency().p90Ms(), row.latency().p99Ms(),
                row.latency().p999Ms(), row.latency().maxMs()};
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                points.add(new double[] {i, values[i]});
            }
            series.add(new SvgCharts.Series(row.server(), points));
        }
        return SvgCharts.lines(title, "percentile", "latency (ms, log scale)", series, PERCENTILES);
    }

    private static String curve(List<Summary> rows, String percentile, boolean p99) {
        List<SvgCharts.Series> series = new ArrayList<>();
        for (String server : rows.stream().map(Summary::server).distinct().collect(Collectors.toList())) {
            List<double[]> points = rows.stream().filter(r -> r.server().equals(server)
                    && r.variant().startsWith("open loop"))
                    .map(r -> new double[] {r.requestsPerSecond(), p99 ? r.latency().p99Ms() : r.latency().p50Ms()})
                    .collect(Collectors.toList());
            series.add(new SvgCharts.Series(server, points));
        }
        return SvgCharts.lines("Latency (" + percentile + ") versus throughput, open loop", "achieved req/s",
                percentile + " latency (ms, log scale)", series, List.of());
    }

    private static void environment(StringBuilder html, RunReport.Environment env) {
        html.append("<h2>Environment</h2><table>");
        row(html, "CPU", env.cpuModel() + ", " + env.cpus() + " CPUs");
        row(html, "kernel", env.kernel());
        row(html, "server JVM", env.serverJava());
        row(html, "server JVM flags (all servers)", env.serverJvmFlags());
        row(html, "runner / Java driver JVM", env.runnerJava());
        row(html, "Loopline transport", env.looplineTransport());
        row(html, "CPU pinning", env.cpuPinning());
        row(html, "wrk", env.wrk());
        row(html, "nginx (the C reference)", env.nginx());
        row(html, "CPU steal during the run (whole machine)", Format.percent(env.stealPercent()) + " %");
        row(html, "load average at start", String.format(Locale.ROOT, "%.2f", env.loadAverageAtStart()));
        html.append("</table>");
    }

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><th>").append(esc(name)).append("</th><td style='text-align:left'>").append(esc(value))
                .append("</td></tr>");
    }

    private static void table(StringBuilder html, List<Summary> rows, Comparisons comparisons) {
        List<String> references = comparisons.presentReferences();
        html.append("<table><tr><th>server</th><th>variant</th><th>driver</th><th>req/s</th>");
        references.forEach(ref -> html.append("<th>vs ").append(ref).append("</th>"));
        html.append("<th>CPU µs/req</th><th>heap B/req</th><th>p50 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>errors</th>"
                + "<th>RSS MiB</th><th>threads</th><th>steal %</th><th>others % server/load</th><th>load CPU %</th><th>extra</th><th>flags</th></tr>");
        for (Summary row : rows) {
            html.append("<tr><td>").append(esc(row.server())).append("</td><td>").append(esc(row.variant()))
                    .append("</td><td>").append(esc(row.driver())).append("</td><td>")
                    .append(Format.rate(row.requestsPerSecond())).append("</td>");
            references.forEach(ref -> html.append("<td>").append(Format.ratio(comparisons.ratio(row, ref)))
                    .append("</td>"));
            html.append("<td>").append(Format.micros(row.serverCpuMicrosPerRequest())).append("</td><td>")
                    .append(Format.allocation(row.server(), row.allocatedBytesPerRequest())).append("</td><td>")
                    .append(Format.millis(row.latency().p50Ms())).append("</td><td>")
                    .append(Format.millis(row.latency().p99Ms())).append("</td><td>")
                    .append(Format.millis(row.latency().p999Ms())).append("</td><td>")
                    .append(row.errors() + row.non200()).append("</td><td>")
                    .append(Format.mebibytes(row.rssBytes())).append("</td><td>").append(row.threads())
                    .append("</td><td>").append(Format.percent(row.stealPercent())).append("</td><td>")
                    .append(Format.percent(row.otherCpuPercent())).append(" / ")
                    .append(Format.percent(row.loadOtherCpuPercent())).append("</td><td>")
                    .append(Format.percent(row.loadCpuPercent())).append("</td><td>")
                    .append(esc(MarkdownReport.extra(row))).append("</td><td>").append(esc(Format.flags(row)))
                    .append("</td></tr>");
        }
        html.append("</table>");
    }

    private static String esc(String text) {
        return SvgCharts.escape(text);
    }
}
