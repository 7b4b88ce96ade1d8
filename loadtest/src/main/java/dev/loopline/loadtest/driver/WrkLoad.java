package dev.loopline.loadtest.driver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * wrk (when installed) for the max-throughput scenarios: one wrk thread per load core, a Lua script for
 * pipelining and for a result line with p99.9. wrk is a closed loop: its latencies are from the actual send.
 */
public final class WrkLoad {

    private final Path executable;
    private final Path script;

    private WrkLoad(Path executable, Path script) {
        this.executable = executable;
        this.script = script;
    }

    /** wrk from the PATH, or empty when it is not installed. */
    public static Optional<WrkLoad> find() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "wrk");
            if (Files.isExecutable(candidate)) {
                return Optional.of(new WrkLoad(candidate, extractScript()));
            }
        }
        return Optional.empty();
    }

    public Path executable() {
        return executable;
    }

    /**
     * Runs wrk for {@code duration} and parses its result line.
     *
     * @param pinning the command prefix that pins wrk to the load cores ({@code taskset -c ...}), or empty
     */
    public LoadSample run(List<String> pinning, String url, int connections, int threads, int pipelineDepth,
                          Duration duration) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(pinning);
        command.addAll(List.of(executable.toString(), "-t" + threads, "-c" + connections,
                "-d" + Math.max(1, Math.round(duration.toMillis() / 1000.0)) + "s", "--timeout", "10s", "-s", script.toString(), url,
                "--", String.valueOf(pipelineDepth)));
        String output = ExternalTool.run(command, duration.plusSeconds(30), "wrk");
        return parse(output, pipelineDepth > 1 ? "wrk-pipelined" : "wrk");
    }

    static LoadSample parse(String output, String driver) throws IOException {
        String line = output.lines().filter(l -> l.startsWith("LOADTEST ")).findFirst()
                .orElseThrow(() -> new IOException("wrk printed no result line:\n" + output));
        Map<String, Long> values = new HashMap<>();
        for (String pair : line.substring("LOADTEST ".length()).trim().split(" ")) {
            String[] nameValue = pair.split("=", 2);
            values.put(nameValue[0], Long.parseLong(nameValue[1]));
        }
        long requests = values.get("requests");
        long non2xx = values.get("non2xx");
        long errors = values.get("errors_connect") + values.get("errors_read") + values.get("errors_write")
                + values.get("errors_timeout");
        LatencySummary latency = new LatencySummary(requests, millis(values, "p50_us"), millis(values, "p90_us"),
                millis(values, "p99_us"), millis(values, "p999_us"), millis(values, "max_us"));
        return new LoadSample(driver, requests - non2xx, non2xx, errors, values.get("duration_us") / 1e6, latency);
    }

    /** wrk 4.1 answers 0 for high percentiles of pipelined runs (no latency is 0 µs): "not measured", not 0 ms. */
    private static double millis(Map<String, Long> values, String name) {
        long micros = values.get(name);
        return micros > 0 ? micros / 1000.0 : Double.NaN;
    }

    private static Path extractScript() {
        try (InputStream in = WrkLoad.class.getResourceAsStream("wrk-report.lua")) {
            if (in == null) {
                throw new IllegalStateException("wrk-report.lua is missing from the jar");
            }
            Path file = Files.createTempFile("loopline-wrk-", ".lua");
            file.toFile().deleteOnExit();
            Files.write(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the wrk script", e);
        }
    }
}
