package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.driver.ContractCheck;
import dev.loopline.loadtest.driver.WrkLoad;
import dev.loopline.loadtest.report.Baseline;
import dev.loopline.loadtest.report.BaselineComparison;
import dev.loopline.loadtest.report.Measurement;
import dev.loopline.loadtest.report.ReportFiles;
import dev.loopline.loadtest.report.RunReport;
import dev.loopline.loadtest.servers.ServerKind;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs the comparison: for each round, each server in turn (A B C, A B C: drift and noise spread over all of
 * them) starts in its own JVM, passes the contract check, goes through every scenario, and is stopped.
 * Then the report is written.
 */
public final class Runner {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    /** The report and the directory it was written to. */
    public record Result(RunReport report, Path directory) {
    }

    private final RunOptions options;
    private final PrintStream console;
    private final List<String> notes = new ArrayList<>();
    private final List<RunReport.Failure> failures = new ArrayList<>();
    private final List<Measurement> measurements = new ArrayList<>();
    private final Map<ServerKind, RunReport.ServerInfo> servers = new LinkedHashMap<>();

    private Runner(RunOptions options, PrintStream console) {
        this.options = options;
        this.console = console;
    }

    public static Result run(RunOptions options, PrintStream console) throws Exception {
        return new Runner(options, console).run();
    }

    private Result run() throws Exception {
        if (!ProcFs.available()) {
            throw new IllegalStateException("the runner reads /proc: it needs Linux");
        }
        // Read first: a baseline that cannot be read stops the run before its 17 minutes, not after.
        Optional<Baseline> baseline = options.baseline().map(Baseline::read);
        LocalDateTime started = LocalDateTime.now();
        long startNanos = System.nanoTime();
        ProcFs.CpuTicks machineTicks = ProcFs.cpuTicksOf(List.of());
        double loadAverage = LoadAverage.read();
        RunPlan plan = options.quick() ? RunPlan.quick() : RunPlan.full();
        if (options.rounds() > 0) {
            plan = plan.withRounds(options.rounds());
        }
        plan = fitIdleConnectionsToFileLimit(plan);
        CpuPlan cpus = CpuPlan.detect();
        cpus.pinThisProcess();
        notes.add("CPU: " + cpus.note());
        JavaRuntimes.Runtime serverJava = JavaRuntimes.choose(options.javaHome());
        Optional<WrkLoad> wrk = chooseWrk();
        Optional<Nginx> nginx = options.servers().contains(ServerKind.NGINX) ? Nginx.find() : Optional.empty();
        List<ServerKind> runnable = chooseServers(serverJava, nginx);
        List<Scenario> scenarios = new ArrayList<>();
        for (Scenario scenario : Scenario.all()) {
            if (!options.scenarios().contains(scenario.name())) {
                continue;
            }
            Optional<String> missing = scenario.unavailable();
            if (missing.isPresent()) { // said on the console and in the report, never a silent gap
                String why = scenario.name() + " skipped: " + missing.get();
                notes.add(why);
                console.println(why);
            } else {
                scenarios.add(scenario);
            }
        }
        BenchCertificate certificate = needsTls(scenarios, options.servers()) ? makeCertificate() : null;
        Path directory = options.outRoot().resolve(started.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        ServerLaunch launch = ServerLaunch.of(cpus, serverJava, options.extraServerFlags());
        Progress progress = new Progress(console, plan.rounds() * runnable.size());
        progress.line(plan.mode() + " run: " + runnable.size() + " servers x " + plan.rounds() + " rounds x "
                + scenarios.size() + " scenarios; servers on Java " + serverJava.version() + "; " + cpus.note()
                + "; output " + directory);
        TimeBudget budget = options.budget().isZero() ? null : new TimeBudget(options.budget());
        int sessionsLeft = plan.rounds() * runnable.size();
        int shortened = 0;
        double smallestScale = 1.0;
        for (int round = 1; round <= plan.rounds(); round++) {
            for (ServerKind kind : runnable) {
                double scale = budget == null ? 1.0 : budget.nextScale(sessionsLeft);
                if (scale < 1.0) {
                    shortened++;
                    smallestScale = Math.min(smallestScale, scale);
                    progress.line(String.format("behind the %d-minute budget: this session's windows and warm-ups"
                            + " at %.0f %%", options.budget().toMinutes(), scale * 100));
                }
                long sessionStart = System.nanoTime();
                for (Listener listener : listeners(kind, scenarios)) {
                    runSession(kind, listener, round, plan.scaled(scale), scale, cpus, wrk, launch, nginx, scenarios,
                            certificate, directory, progress);
                }
                if (budget != null) {
                    budget.sessionTook(Duration.ofNanos(System.nanoTime() - sessionStart), scale);
                }
                sessionsLeft--;
                progress.sessionFinished();
            }
        }
        if (shortened > 0) {
            notes.add(String.format("time budget: %d of %d sessions ran with shortened windows and warm-ups (down to"
                    + " %.0f %%) to finish within the %d-minute budget; each row's planScale in report.json says by how much",
                    shortened, plan.rounds() * runnable.size(), smallestScale * 100, options.budget().toMinutes()));
        }
        RunReport.Environment environment = new RunReport.Environment(ProcFs.cpuModel(),
                cpus.serverCpus().size() + (cpus.pinned() ? cpus.loadCpus().size() : 0), ProcFs.kernel(),
                Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")",
                serverJava.version() + " (" + serverJava.java() + ")", String.join(" ", launch.jvmFlags()),
                looplineTransport(), cpus.note(), wrk.map(w -> w.executable().toString()).orElse("not used"),
                nginx.map(n -> n.version() + " (" + n.executable() + ")").orElse("not used"),
                ProcFs.cpuTicksOf(List.of()).stealPercentSince(machineTicks), loadAverage, ProcFs.maxOpenFiles());
        BaselineComparison comparison = baseline.map(b -> BaselineComparison.of(b, measurements)).orElse(null);
        RunReport report = new RunReport(started.toString(), options.commandLine(), options.label(), plan.mode(),
                plan.rounds(),
                (System.nanoTime() - startNanos) / 1e9, environment, List.copyOf(servers.values()),
                scenarios.stream().map(s -> new RunReport.ScenarioInfo(s.name(), s.description()))
                        .collect(Collectors.toList()), notes, failures, measurements, comparison);
        if (comparison != null) {
            List<String> flagged = comparison.flaggedLines();
            progress.line("against the baseline " + comparison.baselinePath() + " (" + comparison.baselineStartedAt()
                    + "): " + comparison.rows().size() + " rows compared, " + flagged.size()
                    + " change(s) beyond the noise band" + (flagged.isEmpty() ? "" : ":"));
            flagged.forEach(line -> progress.line("  " + line));
        }
        ReportFiles.write(report, directory);
        progress.line("done in " + Progress.format(progress.elapsed()) + ": " + directory.resolve("report.md")
                + (failures.isEmpty() ? "" : " (" + failures.size() + " failure(s), listed in the report)"));
        return new Result(report, directory);
    }

    /** The listeners {@code kind} needs for these scenarios, cleartext first: one session (one JVM) each. */
    private static List<Listener> listeners(ServerKind kind, List<Scenario> scenarios) {
        List<Listener> needed = new ArrayList<>();
        for (Listener listener : Listener.values()) {
            if (scenarios.stream().anyMatch(s -> s.appliesTo(kind) && s.listeners(kind).contains(listener))) {
                needed.add(listener);
            }
        }
        return needed;
    }

    private static boolean needsTls(List<Scenario> scenarios, List<ServerKind> kinds) {
        return kinds.stream().anyMatch(kind -> listeners(kind, scenarios).stream().anyMatch(Listener::isTls));
    }

    /** The bench certificate, made fresh for this run in the module's build directory (never committed). */
    private BenchCertificate makeCertificate() throws java.io.IOException, InterruptedException {
        Path directory = BenchCertificate.buildDirectory().resolve("bench-tls");
        BenchCertificate certificate = BenchCertificate.create(directory);
        notes.add("TLS: a fresh self-signed EC P-256 certificate for localhost/127.0.0.1 (keytool), in " + directory
                + "; every server offers TLSv1.3 and TLSv1.2, the same cipher list in the same order (server order) "
                + "and ALPN h2, http/1.1");
        return certificate;
    }

    private void runSession(ServerKind kind, Listener listener, int round, RunPlan plan, double scale, CpuPlan cpus,
                            Optional<WrkLoad> wrk, ServerLaunch launch, Optional<Nginx> nginx,
                            List<Scenario> scenarios, BenchCertificate certificate, Path directory, Progress progress) {
        Path log = directory.resolve("logs").resolve(kind.benchName() + listener.suffix() + "-round" + round + ".log");
        String label = listener.isTls() ? " (TLS, " + listener.variant() + " engine)" : "";
        progress.line("round " + round + "/" + plan.rounds() + "  starting " + kind.benchName() + label);
        try (ServerProcess server = kind.isJvm()
                ? ServerProcess.start(kind, listener.serverArguments(certificate), launch, log, READY_TIMEOUT)
                : ServerProcess.startNginx(nginx.orElseThrow(), cpus.serverPrefix(),
                        directory.resolve("nginx").resolve("round" + round), log, READY_TIMEOUT)) {
            ContractCheck.Result contract = listener.isTls()
                    ? ContractCheck.runTls("127.0.0.1", server.port())
                    : ContractCheck.run("127.0.0.1", server.port(), kind);
            RunReport.ServerInfo info = new RunReport.ServerInfo(kind.benchName(), kind.model().name(),
                    contract.passed() ? "measured" : "failed", server.details(), contract.checked(),
                    contract.failures());
            if (listener.isTls()) { // the cleartext session's line wins in the servers table; TLS ones go to notes
                servers.putIfAbsent(kind, info);
                String line = kind.benchName() + " TLS " + listener.variant() + ": " + server.details();
                if (!notes.contains(line)) {
                    notes.add(line);
                }
            } else {
                servers.put(kind, info);
            }
            if (!contract.passed()) {
                fail(progress, kind, round, "contract" + label, String.join("; ", contract.failures()));
                return;
            }
            Session session = new Session(kind, listener, server, round, plan, cpus, wrk, progress, line -> {
                if (!notes.contains(line)) {
                    notes.add(line);
                }
            });
            for (Scenario scenario : scenarios) {
                if (!scenario.appliesTo(kind) || !scenario.listeners(kind).contains(listener)) {
                    continue;
                }
                try {
                    scenario.run(session);
                } catch (Exception e) {
                    fail(progress, kind, round, scenario.name() + (listener.isTls() ? " " + listener.variant() : ""),
                            e.toString());
                }
                if (!server.isAlive()) {
                    fail(progress, kind, round, scenario.name(), "the server process ended; see " + log);
                    break;
                }
            }
            session.results.forEach(m -> measurements.add(m.withExtra("planScale", scale)));
        } catch (Exception e) {
            servers.putIfAbsent(kind, new RunReport.ServerInfo(kind.benchName(), kind.model().name(), "failed",
                    e.toString(), List.of(), List.of()));
            fail(progress, kind, round, "start" + label, e.toString());
        }
    }

    private void fail(Progress progress, ServerKind kind, int round, String scenario, String message) {
        failures.add(new RunReport.Failure(kind.benchName(), round, scenario, message));
        progress.line("FAILED round " + round + " " + kind.benchName() + " " + scenario + ": " + message);
    }

    private RunPlan fitIdleConnectionsToFileLimit(RunPlan plan) {
        long maxFiles = ProcFs.maxOpenFiles();
        long headroom = 2_000; // jars, logs, the other scenarios' sockets
        if (maxFiles >= plan.idleConnections() + headroom) {
            return plan;
        }
        int fitted = (int) Math.max(100, maxFiles - headroom);
        notes.add("ulimit -n is " + maxFiles + ": the idle scenario holds " + fitted + " connections instead of "
                + plan.idleConnections() + " (run.sh raises the limit; or: ulimit -n 20000)");
        return plan.withIdleConnections(fitted);
    }

    private Optional<WrkLoad> chooseWrk() {
        if (options.driver().equals("java")) {
            notes.add("driver: the Java driver (AsyncHttpClient) for every scenario (--driver java)");
            return Optional.empty();
        }
        Optional<WrkLoad> wrk = WrkLoad.find();
        if (wrk.isEmpty() && options.driver().equals("wrk")) {
            throw new IllegalStateException("--driver wrk, but wrk is not on the PATH (apt-get install wrk)");
        }
        notes.add(wrk.isPresent() ? "driver: wrk for plaintext, json and pipelined; the Java driver for the rest"
                : "driver: wrk is not installed, so the Java driver (AsyncHttpClient) ran every scenario");
        return wrk;
    }

    private List<ServerKind> chooseServers(JavaRuntimes.Runtime serverJava, Optional<Nginx> nginx) {
        List<ServerKind> runnable = new ArrayList<>();
        for (ServerKind kind : options.servers()) {
            if (kind.needsVirtualThreads() && !serverJava.hasVirtualThreads()) {
                skip(kind, "skipped: virtual threads need Java 21+, and the newest runtime found is "
                        + serverJava.version() + " (set JAVA_HOME to a 21+ JDK, pass --java, or install one under "
                        + "/usr/lib/jvm)");
            } else if (kind == ServerKind.NGINX && nginx.isEmpty()) {
                skip(kind, "skipped: nginx is not installed, so the C reference has no rows (loadtest/run.sh "
                        + "installs it; or: apt-get install nginx)");
            } else {
                runnable.add(kind);
            }
        }
        return runnable;
    }

    private void skip(ServerKind kind, String why) {
        servers.put(kind, new RunReport.ServerInfo(kind.benchName(), kind.model().name(), "skipped", why, List.of(),
                List.of()));
        notes.add(kind.benchName() + " " + why);
        console.println(kind.benchName() + " " + why);
    }

    private String looplineTransport() {
        RunReport.ServerInfo loopline = servers.get(ServerKind.LOOPLINE);
        if (loopline == null) {
            return "not measured";
        }
        for (String part : loopline.details().split(" ")) {
            if (part.startsWith("transport=")) {
                return part.substring("transport=".length());
            }
        }
        return "unknown";
    }
}
