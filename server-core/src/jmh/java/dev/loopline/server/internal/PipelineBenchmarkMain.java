package dev.loopline.server.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs {@link PipelineBenchmark} with JMH's usual command-line options and prints its table: per case, Loopline's
 * and raw Netty's ns/op and B/op (the median of the forks: the JIT settles a fork into one of a few allocation
 * patterns, a small object more or less, and the median ignores a fork that took a rare one), their ratios, and
 * the change against the baseline (B/op is the gate, ±3 %; ns/op is reported only). Writes the table to
 * {@code target/jmh-pipeline.md} and the figures to {@code target/jmh-pipeline.tsv}, the baseline file's format.
 */
public final class PipelineBenchmarkMain {

    /** B/op beyond this change against the baseline fails the round's gate (DESIGN.md). */
    static final double BYTES_GATE_PERCENT = 3.0;
    private static final String GC_NORM = "gc.alloc.rate.norm";
    private static final List<String> CASES = List.of("plaintext", "json", "pipelined", "upload");
    private static final Map<String, Integer> REQUESTS_PER_OP = Map.of("plaintext", 1, "json", 1, "pipelined",
            BenchExchanges.PIPELINED_REQUESTS, "upload", 1);

    /** One case on one pipeline: medians over forks. */
    record Figure(double nanosPerOp, double bytesPerOp) {
    }

    private PipelineBenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions options = new CommandLineOptions(args);
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Figure> figures = new LinkedHashMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            String key = name.substring(name.lastIndexOf('.') + 1) + " " + result.getParams().getParam("pipeline");
            List<Double> nanos = new ArrayList<>();
            List<Double> bytes = new ArrayList<>();
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                nanos.add(fork.getPrimaryResult().getScore());
                Result<?> norm = fork.getSecondaryResults().get(GC_NORM);
                bytes.add(norm == null ? Double.NaN : norm.getScore());
            }
            figures.put(key, new Figure(median(nanos), median(bytes)));
        }
        Path baselineFile = Path.of(System.getProperty("loopline.jmh.baseline", "pipeline-baseline.tsv"));
        Map<String, Figure> baseline = Files.isReadable(baselineFile) ? readTsv(baselineFile) : Map.of();
        String table = table(figures) + "\n" + (baseline.isEmpty() ? "No baseline at " + baselineFile + ".\n"
                : changes(figures, baseline, baselineFile));
        System.out.println();
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "jmh-pipeline.md"), table, StandardCharsets.UTF_8);
        Files.writeString(Path.of("target", "jmh-pipeline.tsv"), tsv(figures), StandardCharsets.UTF_8);
    }

    static String table(Map<String, Figure> figures) {
        StringBuilder md = new StringBuilder("| case | requests per op | loopline ns/op | netty-raw ns/op | ns ratio |"
                + " loopline B/op | netty-raw B/op | B ratio | loopline B/request | netty-raw B/request |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (String name : CASES) {
            Figure loopline = figures.get(name + " loopline");
            Figure raw = figures.get(name + " netty-raw");
            if (loopline == null || raw == null) {
                continue;
            }
            int requests = REQUESTS_PER_OP.get(name);
            md.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | %.2f× | %,.0f | %,.0f | %.2f× | %,.0f |"
                            + " %,.0f |%n", name, requests, loopline.nanosPerOp(), raw.nanosPerOp(),
                    loopline.nanosPerOp() / raw.nanosPerOp(), loopline.bytesPerOp(), raw.bytesPerOp(),
                    loopline.bytesPerOp() / raw.bytesPerOp(), loopline.bytesPerOp() / requests,
                    raw.bytesPerOp() / requests));
        }
        return md.toString();
    }

    static String changes(Map<String, Figure> figures, Map<String, Figure> baseline, Path baselineFile) {
        StringBuilder md = new StringBuilder("Against the baseline " + baselineFile.getFileName() + " (B/op gate ±"
                + BYTES_GATE_PERCENT + " %; ns/op is reported, not gated):\n\n"
                + "| case | pipeline | baseline B/op | B/op | change | baseline ns/op | ns/op | change | gate |\n"
                + "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        int over = 0;
        for (Map.Entry<String, Figure> entry : figures.entrySet()) {
            Figure before = baseline.get(entry.getKey());
            if (before == null) {
                continue;
            }
            Figure now = entry.getValue();
            double bytesChange = percent(now.bytesPerOp(), before.bytesPerOp());
            boolean outside = Math.abs(bytesChange) > BYTES_GATE_PERCENT;
            over += outside ? 1 : 0;
            String[] parts = entry.getKey().split(" ");
            md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %+.1f %% | %,.0f | %,.0f | %+.1f %% | %s |%n",
                    parts[0], parts[1], before.bytesPerOp(), now.bytesPerOp(), bytesChange, before.nanosPerOp(),
                    now.nanosPerOp(), percent(now.nanosPerOp(), before.nanosPerOp()),
                    outside ? (bytesChange > 0 ? "**over: more allocation**" : "below: less allocation") : "ok"));
        }
        md.append(over == 0 ? "\nB/op of every case is within the gate.\n"
                : "\n" + over + " case(s) outside the B/op gate.\n");
        return md.toString();
    }

    static String tsv(Map<String, Figure> figures) {
        StringBuilder tsv = new StringBuilder("# case\tpipeline\tns/op\tB/op (medians over forks)\n");
        figures.forEach((key, figure) -> tsv.append(String.format(Locale.ROOT, "%s\t%.1f\t%.1f%n",
                key.replace(' ', '\t'), figure.nanosPerOp(), figure.bytesPerOp())));
        return tsv.toString();
    }

    static Map<String, Figure> readTsv(Path file) throws IOException {
        Map<String, Figure> figures = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            figures.put(fields[0] + " " + fields[1],
                    new Figure(Double.parseDouble(fields[2]), Double.parseDouble(fields[3])));
        }
        return figures;
    }

    private static double percent(double now, double before) {
        return 100.0 * (now - before) / before;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
