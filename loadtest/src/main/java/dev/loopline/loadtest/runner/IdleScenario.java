package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.driver.HttpLoad;
import dev.loopline.loadtest.driver.IdleConnections;
import dev.loopline.loadtest.driver.LoadSpec;
import dev.loopline.loadtest.report.Measurement;
import dev.loopline.loadtest.servers.BenchContract;
import dev.loopline.loadtest.servers.ServerKind;
import java.time.Duration;
import java.util.Map;

/**
 * idle: thousands of open, quiet keep-alive connections; the server's memory and threads, and a probe's latency.
 * websocket-idle: the same with WebSocket sessions, on the servers that have {@code /ws-echo}.
 */
final class IdleScenario implements Scenario {

    private static final int OPENER_THREADS = 8;
    private static final Duration OPEN_TIME_LIMIT = Duration.ofSeconds(60);
    private static final Duration CLOSE_TIME_LIMIT = Duration.ofSeconds(10);

    /** How the quiet connections are opened. */
    private interface Opener {
        IdleConnections open(String host, int port, int count) throws InterruptedException;
    }

    private final String name;
    private final String what;
    private final Opener opener;
    private final boolean webSocketServersOnly;

    private IdleScenario(String name, String what, Opener opener, boolean webSocketServersOnly) {
        this.name = name;
        this.what = what;
        this.opener = opener;
        this.webSocketServersOnly = webSocketServersOnly;
    }

    static IdleScenario httpConnections() {
        return new IdleScenario("idle", "N keep-alive connections (10 000 in the full run) that each made one request "
                + "and stay open", (host, port, count) -> IdleConnections.open(host, port, count, OPENER_THREADS,
                OPEN_TIME_LIMIT), false);
    }

    static IdleScenario webSocketSessions() {
        return new IdleScenario("websocket-idle", "N WebSocket sessions on " + BenchContract.WEBSOCKET_PATH
                + " (10 000 in the full run) that stay open and quiet", (host, port, count) ->
                IdleConnections.openWebSockets(host, port, BenchContract.WEBSOCKET_PATH, count, OPENER_THREADS,
                        OPEN_TIME_LIMIT), true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return what + ", then a GET /plaintext probe (open loop, " + RunPlan.PROBE_RATE + " req/s) beside them: RSS "
                + "and threads with the connections open, RSS per connection above the baseline, the probe's latency.";
    }

    @Override
    public boolean appliesTo(ServerKind kind) {
        return !webSocketServersOnly || kind == ServerKind.LOOPLINE || kind == ServerKind.NETTY_RAW;
    }

    @Override
    public void run(Session session) throws Exception {
        long pid = session.server.pid();
        long baselineRss = ProcFs.rssBytes(pid);
        int baselineThreads = ProcFs.threads(pid);
        int baselineFiles = ProcFs.openFiles(pid);
        try (IdleConnections idle = opener.open(session.host(), session.server.port(),
                session.plan.idleConnections())) {
            LoadSpec probeSpec = LoadSpec.openLoop(session.url("/plaintext"), RunPlan.PROBE_CONNECTIONS,
                    RunPlan.PROBE_RATE);
            try (HttpLoad probe = HttpLoad.start(probeSpec, session.loadThreads())) {
                boolean quiet = session.warmUp(probe, session.plan.warmupMin(), session.plan.warmupMax());
                Measurement m = session.measure(probe, session.plan.probeWindow(), name, "", quiet, Map.of(
                        "openConnections", (double) idle.openCount(),
                        "failedConnections", (double) idle.failedCount(),
                        "baselineRssBytes", (double) baselineRss,
                        "baselineThreads", (double) baselineThreads));
                double perConnectionKiB = idle.openCount() == 0 ? Double.NaN
                        : (m.rssBytes() - baselineRss) / 1024.0 / idle.openCount();
                session.add(m.withExtra("rssPerConnectionKiB", perConnectionKiB).plusErrors(idle.failedCount()));
            }
        }
        awaitClosed(pid, baselineFiles);
    }

    /** The next scenario starts once the server has closed its side of the connections (it may take a moment). */
    private static void awaitClosed(long pid, int baselineFiles) throws InterruptedException {
        long deadline = System.nanoTime() + CLOSE_TIME_LIMIT.toNanos();
        while (ProcFs.openFiles(pid) > baselineFiles + 100 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
