package dev.loopline.loadtest.driver;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * h2load (nghttp2's load generator, Debian's {@code nghttp2-client}) for the HTTP/2 scenarios: {@code -c}
 * connections with {@code -m} concurrent streams each, for a fixed duration, closed loop per stream. Over
 * {@code https} it offers only {@code h2} by ALPN and refuses a run where the server chose anything else (h2load
 * would otherwise fall back to HTTP/1.1 and measure that). Latencies come from its per-request log.
 */
public final class H2Load {

    private static final Pattern REQUESTS = Pattern.compile(
            "requests: (\\d+) total, (\\d+) started, (\\d+) done, (\\d+) succeeded, (\\d+) failed, (\\d+) errored, "
                    + "(\\d+) timeout");
    private static final Pattern STATUS = Pattern.compile(
            "status codes: (\\d+) 2xx, (\\d+) 3xx, (\\d+) 4xx, (\\d+) 5xx");
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(2);
    /**
     * h2load ends a timed run only when its streams in flight are answered: a server that stops answering would
     * hold it (and the run) for ever, so it is stopped this long after the window and the row fails.
     */
    private static final Duration FINISH_GRACE = Duration.ofSeconds(15);

    /** What the TLS handshake of a run agreed on, from h2load's output (empty fields over cleartext). */
    public record Negotiated(String protocol, String cipher, String keyExchange, String application) {
        public String describe() {
            return protocol.isEmpty() ? "cleartext, " + application
                    : protocol + " " + cipher + " " + keyExchange + " ALPN " + application;
        }
    }

    /** One run: what the load saw, and what was negotiated. */
    public record Result(LoadSample sample, Negotiated negotiated) {
    }

    private final Path executable;

    private H2Load(Path executable) {
        this.executable = executable;
    }

    /** h2load from the PATH (or /usr/bin), or empty when it is not installed. */
    public static Optional<H2Load> find() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/bin";
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "h2load");
            if (Files.isExecutable(candidate)) {
                return Optional.of(new H2Load(candidate));
            }
        }
        return Optional.empty();
    }

    public Path executable() {
        return executable;
    }

    /**
     * Runs h2load against {@code url} ({@code http://}: h2c with prior knowledge; {@code https://}: h2 by ALPN).
     *
     * @param pinning the command prefix that pins h2load to the load cores, or empty
     * @throws IOException when h2load fails, or the server did not speak HTTP/2 (no stream answered, or another
     *     protocol chosen by ALPN)
     */
    public Result run(List<String> pinning, String url, int connections, int streams, int threads,
                      Duration duration) throws IOException, InterruptedException {
        Path log = Files.createTempFile("loopline-h2load-", ".tsv");
        try {
            List<String> command = new ArrayList<>(pinning);
            command.addAll(List.of(executable.toString(), "-t" + threads, "-c" + connections, "-m" + streams,
                    "-D", Math.max(100, duration.toMillis()) + "ms", "--warm-up-time=0", "--log-file=" + log));
            if (url.startsWith("https:")) {
                command.add("--npn-list=h2");
            }
            command.add(url);
            String output = ExternalTool.run(command, duration.plus(FINISH_GRACE), "h2load");
            return parse(output, duration.toMillis() / 1000.0, latencies(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static Result parse(String output, double seconds, LatencySummary latency) throws IOException {
        Matcher requests = REQUESTS.matcher(output);
        Matcher status = STATUS.matcher(output);
        if (!requests.find() || !status.find()) {
            throw new IOException("h2load printed no result: " + tail(output));
        }
        Negotiated negotiated = new Negotiated(field(output, "TLS Protocol: "), field(output, "Cipher: "),
                field(output, "Server Temp Key: "), field(output, "Application protocol: "));
        long ok = Long.parseLong(status.group(1));
        long non2xx = Long.parseLong(status.group(2)) + Long.parseLong(status.group(3))
                + Long.parseLong(status.group(4));
        long errors = Long.parseLong(requests.group(5)) + Long.parseLong(requests.group(7));
        if (!negotiated.application().startsWith("h2")) {
            throw new IOException("the server did not speak HTTP/2 (" + (negotiated.application().isEmpty()
                    ? "no protocol negotiated" : "negotiated " + negotiated.application()) + "; " + ok
                    + " streams answered): " + tail(output));
        }
        if (ok + non2xx == 0) {
            throw new IOException("no HTTP/2 stream was answered (" + errors + " failed): " + tail(output));
        }
        return new Result(new LoadSample("h2load", ok, non2xx, errors, seconds, latency), negotiated);
    }

    /** h2load's per-request log: start time (µs), status, time to the last byte (µs); one line a request. */
    private static LatencySummary latencies(Path log) throws IOException {
        Histogram micros = new Histogram(MAX_MICROS, 3);
        try (BufferedReader lines = Files.newBufferedReader(log, StandardCharsets.US_ASCII)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                int last = line.lastIndexOf('\t');
                if (last > 0) {
                    micros.recordValue(Math.min(MAX_MICROS, Long.parseLong(line.substring(last + 1).trim())));
                }
            }
        }
        return LatencySummary.ofMicros(micros);
    }

    private static String field(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> l.substring(prefix.length()).trim()).orElse("");
    }

    private static String tail(String output) {
        List<String> lines = output.lines().filter(l -> !l.startsWith("progress:")).toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 6), lines.size()));
    }
}
