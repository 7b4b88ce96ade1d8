package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.driver.LoadSample;
import dev.loopline.loadtest.driver.RunningLoad;
import dev.loopline.loadtest.driver.WrkLoad;
import dev.loopline.loadtest.report.Measurement;
import dev.loopline.loadtest.servers.ServerKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One server JVM in one round: the scenarios run against it in turn. Knows how to warm up until the JIT is
 * quiet and how to measure a window with the server's CPU, steal and memory beside the load's numbers.
 */
final class Session {

    /** Connecting and first answers may take this long on a loaded machine before warm-up proper begins. */
    private static final Duration FIRST_ANSWERS_LIMIT = Duration.ofSeconds(30);
    /** JIT compiler CPU below this share of a core, over the last second, counts as quiet. */
    private static final double JIT_QUIET_PERCENT = 3.0;
    private static final Duration JIT_SLICE = Duration.ofMillis(250);
    /** A window where other processes and steal took more than this share of the server's or load's CPU is retaken. */
    private static final double DISTURBED_PERCENT = 25.0;

    final ServerKind kind;
    final Listener listener;
    final ServerProcess server;
    final int round;
    final RunPlan plan;
    final CpuPlan cpus;
    final Optional<WrkLoad> wrk;
    final Progress progress;
    final List<Measurement> results = new ArrayList<>();
    private final Consumer<String> notes;

    Session(ServerKind kind, Listener listener, ServerProcess server, int round, RunPlan plan, CpuPlan cpus,
            Optional<WrkLoad> wrk, Progress progress, Consumer<String> notes) {
        this.kind = kind;
        this.listener = listener;
        this.notes = notes;
        this.server = server;
        this.round = round;
        this.plan = plan;
        this.cpus = cpus;
        this.wrk = wrk;
        this.progress = progress;
    }

    String host() {
        return "127.0.0.1";
    }

    /** {@code http://} on the cleartext listener, {@code https://} on a TLS one. */
    String url(String target) {
        return listener.scheme() + "://" + host() + ":" + server.port() + target;
    }

    /** A line for the report's notes (the runner keeps each distinct line once). */
    void note(String line) {
        notes.accept(line);
    }

    /** Threads of the Java load generator: one per load core. */
    int loadThreads() {
        return Math.max(1, cpus.loadCpus().size());
    }

    /**
     * Keeps the running load going until every connection has had an answer, and then until the server's JIT
     * compiler threads have been quiet for a second (after at least {@code min}), or {@code max} has passed.
     * Returns whether the JIT got quiet.
     */
    boolean warmUp(RunningLoad load, Duration min, Duration max) throws InterruptedException {
        awaitFirstAnswers(load);
        if (!server.isJvm()) { // no JIT to wait for: the minimum warm-up only (connections, caches)
            Thread.sleep(min.toMillis());
            return true;
        }
        long start = System.nanoTime();
        List<Long> sliceTicks = new ArrayList<>();
        Map<Long, Long> before = ProcFs.compilerThreadTicks(server.pid());
        int slicesPerSecond = (int) (1000 / JIT_SLICE.toMillis());
        while (true) {
            Thread.sleep(JIT_SLICE.toMillis());
            Map<Long, Long> now = ProcFs.compilerThreadTicks(server.pid());
            long ticks = 0;
            for (Map.Entry<Long, Long> thread : now.entrySet()) {
                ticks += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
            }
            before = now;
            sliceTicks.add(ticks);
            long elapsedNanos = System.nanoTime() - start;
            if (sliceTicks.size() >= slicesPerSecond && elapsedNanos >= min.toNanos()) {
                long lastSecond = sliceTicks.subList(sliceTicks.size() - slicesPerSecond, sliceTicks.size())
                        .stream().mapToLong(Long::longValue).sum();
                if (100.0 * lastSecond / ProcFs.TICKS_PER_SECOND <= JIT_QUIET_PERCENT) {
                    return true;
                }
            }
            if (elapsedNanos >= max.toNanos()) {
                return false;
            }
        }
    }

    /** Waits (boundedly) until every connection of {@code load} has had its first answer. */
    void awaitFirstAnswers(RunningLoad load) throws InterruptedException {
        long deadline = System.nanoTime() + FIRST_ANSWERS_LIMIT.toNanos();
        while (load.answers() < load.connections() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** One measured window; {@link #leastDisturbed} may take several. */
    @FunctionalInterface
    private interface Attempt {
        Measurement measure() throws Exception;
    }

    /**
     * Takes a window again (up to the plan's {@code maxAttempts} in all) while other processes or the hypervisor took more
     * than a little of the server's CPU, and keeps the least disturbed one: a shared machine's bursts of other work
     * then cost time instead of a wrong row.
     */
    private Measurement leastDisturbed(Attempt attempt) throws Exception {
        Measurement best = null;
        int attempts = 0;
        while (attempts < plan.maxAttempts()) {
            Measurement next = attempt.measure();
            attempts++;
            if (best == null || disturbance(next) < disturbance(best)) {
                best = next;
            }
            if (disturbance(next) <= DISTURBED_PERCENT && next.stealPercent() <= Measurement.STEAL_FLAG_PERCENT) {
                break;
            }
        }
        return best.withExtra("attempts", attempts);
    }

    private static double disturbance(Measurement m) {
        return m.disturbancePercent();
    }

    /** Warms {@code load} up, adds one throughput window of it to the rows, and closes it. */
    void addThroughput(RunningLoad load, String scenario, String variant) throws Exception {
        try (load) {
            boolean quiet = warmUp(load, plan.warmupMin(), plan.warmupMax());
            add(measure(load, plan.throughputWindow(), scenario, variant, quiet, Map.of()));
        }
    }

    /** Measures one window of a running load. */
    Measurement measure(RunningLoad load, Duration window, String scenario, String variant, boolean jitQuiet,
                        Map<String, Double> extra) throws Exception {
        return leastDisturbed(() -> {
            ResourceWindow resources = ResourceWindow.begin(server, cpus);
            LoadSample sample = load.measure(window);
            ResourceWindow.Usage usage = resources.end(sample.okResponses() + sample.non200());
            return measurement(scenario, variant, sample, usage, jitQuiet, extra);
        });
    }

    /**
     * Measures a probe beside a load over the same window: the row's throughput is the load's, its latency the
     * probe's (how a cheap request fares next to the load).
     */
    Measurement measureBeside(RunningLoad load, RunningLoad probe, Duration window, String scenario, String variant,
                              boolean jitQuiet) throws Exception {
        return leastDisturbed(() -> measureBesideOnce(load, probe, window, scenario, variant, jitQuiet));
    }

    private Measurement measureBesideOnce(RunningLoad load, RunningLoad probe, Duration window, String scenario,
                                          String variant, boolean jitQuiet) throws Exception {
        ResourceWindow resources = ResourceWindow.begin(server, cpus);
        CompletableFuture<LoadSample> loadSample = CompletableFuture.supplyAsync(() -> {
            try {
                return load.measure(window);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring", e);
            }
        });
        LoadSample probeSample = probe.measure(window);
        LoadSample main = loadSample.get();
        ResourceWindow.Usage usage = resources.end(main.okResponses() + main.non200() + probeSample.okResponses()
                + probeSample.non200());
        LoadSample combined = new LoadSample(main.driver(), main.okResponses(), main.non200() + probeSample.non200(),
                main.errors() + probeSample.errors(), main.seconds(), probeSample.latency());
        return measurement(scenario, variant, combined, usage, jitQuiet,
                Map.of("probeRequestsPerSecond", probeSample.requestsPerSecond()));
    }

    /** wrk: 1 s runs until the JIT is quiet (or the warm-up maximum), then one measured run. */
    Measurement measureWithWrk(String target, int connections, int pipelineDepth, String scenario)
            throws Exception {
        WrkLoad wrkLoad = wrk.orElseThrow();
        return measureRuns(window -> wrkLoad.run(cpus.loadPrefix(), url(target), connections, loadThreads(),
                pipelineDepth, window), scenario, "");
    }

    /** One run of an external load generator (wrk, h2load) for a given time. */
    @FunctionalInterface
    interface ToolRun {
        LoadSample run(Duration window) throws Exception;
    }

    /**
     * An external load generator, which runs for a fixed time and exits: 1 s runs (shorter in the quick plan; wrk
     * rounds up to 1 s) until the server's JIT is quiet (or the warm-up maximum), then one measured run (taken again
     * when disturbed).
     */
    Measurement measureRuns(ToolRun tool, String scenario, String variant) throws Exception {
        long warmStart = System.nanoTime();
        boolean quiet = false;
        while (!quiet && System.nanoTime() - warmStart < plan.warmupMax().toNanos()) {
            Map<Long, Long> before = ProcFs.compilerThreadTicks(server.pid());
            try {
                tool.run(plan.warmupMax().compareTo(Duration.ofSeconds(1)) < 0 ? plan.warmupMax()
                        : Duration.ofSeconds(1));
            } catch (java.io.IOException coldServer) {
                // a cold server may answer nothing within a short warm-up run; only the measured run must succeed
            }
            long ticks = 0;
            for (Map.Entry<Long, Long> thread : ProcFs.compilerThreadTicks(server.pid()).entrySet()) {
                ticks += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
            }
            quiet = System.nanoTime() - warmStart >= plan.warmupMin().toNanos()
                    && 100.0 * ticks / ProcFs.TICKS_PER_SECOND <= JIT_QUIET_PERCENT;
        }
        boolean jitQuiet = quiet;
        return leastDisturbed(() -> {
            ResourceWindow resources = ResourceWindow.begin(server, cpus);
            LoadSample sample = tool.run(plan.throughputWindow());
            ResourceWindow.Usage usage = resources.end(sample.okResponses() + sample.non200());
            return measurement(scenario, variant, sample, usage, jitQuiet, Map.of());
        });
    }

    private Measurement measurement(String scenario, String variant, LoadSample sample, ResourceWindow.Usage usage,
                                    boolean jitQuiet, Map<String, Double> extra) {
        Map<String, Double> all = new HashMap<>(extra);
        all.put("windowSeconds", sample.seconds());
        return new Measurement(scenario, variant, kind.benchName(), round, sample.driver(),
                sample.requestsPerSecond(), sample.okResponses(), sample.non200(), sample.errors(), sample.latency(),
                usage.serverCpuMicrosPerRequest(), usage.allocatedBytesPerRequest(), usage.serverCpuPercent(),
                usage.stealPercent(),
                usage.otherCpuPercent(), usage.loadCpuPercent(), usage.loadOtherCpuPercent(), usage.rssBytes(), usage.threads(), jitQuiet, all);
    }

    /** Keeps a result and prints it. */
    void add(Measurement m) {
        results.add(m);
        progress.line(String.format("round %d  %-15s %-9s %-24s %,10.0f req/s  p99 %8.2f ms  cpu %6.1f us/req"
                        + "  heap %7s B/req  steal %4.1f%%  others %3.0f%%/%3.0f%%  load-cpu %3.0f%%  %s%s%s", round,
                kind.benchName(), m.scenario(), m.variant(), m.requestsPerSecond(), m.latency().p99Ms(),
                m.serverCpuMicrosPerRequest(), Double.isNaN(m.allocatedBytesPerRequest()) ? "n/a"
                        : String.format("%,.0f", m.allocatedBytesPerRequest()),
                m.stealPercent(), m.otherCpuPercent(), m.loadOtherCpuPercent(), m.loadCpuPercent(), m.driver(), m.errors() + m.non200() > 0
                        ? "  errors " + (m.errors() + m.non200()) : "", m.jitQuiet() ? "" : "  (JIT busy)"));
    }
}
