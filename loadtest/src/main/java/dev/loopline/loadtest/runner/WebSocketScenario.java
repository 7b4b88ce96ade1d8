package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.driver.HttpLoad;
import dev.loopline.loadtest.driver.IdleConnections;
import dev.loopline.loadtest.driver.LoadSpec;
import dev.loopline.loadtest.driver.RunningLoad;
import dev.loopline.loadtest.driver.WebSocketEchoLoad;
import dev.loopline.loadtest.report.Measurement;
import dev.loopline.loadtest.servers.BenchContract;
import dev.loopline.loadtest.servers.ServerKind;
import java.time.Duration;
import java.util.Map;

/**
 * WebSocket, on the two event-loop servers that have {@code /ws-echo} (Loopline's {@code router.websocket}, raw
 * Netty's handshaker and an echo handler):
 * <ul>
 *   <li>websocket-echo: 64 sessions, each sending a 32-byte text message and the next when its echo is back; echoes
 *       per second (the req/s column), goal 0.9x raw Netty or better.
 *   <li>websocket-idle: N quiet sessions (10 000 in the full run) and a /plaintext probe beside them: RSS per
 *       session above the baseline, threads.
 * </ul>
 */
final class WebSocketScenario implements Scenario {

    private static final int ECHO_SESSIONS = 64;
    private static final int OPENER_THREADS = 8;
    private static final Duration OPEN_TIME_LIMIT = Duration.ofSeconds(60);

    private final boolean idle;

    private WebSocketScenario(boolean idle) {
        this.idle = idle;
    }

    static WebSocketScenario echo() {
        return new WebSocketScenario(false);
    }

    static WebSocketScenario idleSessions() {
        return new WebSocketScenario(true);
    }

    @Override
    public String name() {
        return idle ? "websocket-idle" : "websocket-echo";
    }

    @Override
    public String description() {
        return idle ? "N WebSocket sessions on " + BenchContract.WEBSOCKET_PATH + " (10 000 in the full run) that stay "
                + "open and quiet, and a GET /plaintext probe beside them: RSS per session above the baseline, threads."
                : ECHO_SESSIONS + " WebSocket sessions on " + BenchContract.WEBSOCKET_PATH + ", each sending a 32-byte "
                + "text message and the next when its echo is back: echoes per second in the req/s column; goal 0.9x "
                + "raw Netty or better.";
    }

    @Override
    public boolean appliesTo(ServerKind kind) {
        return kind == ServerKind.LOOPLINE || kind == ServerKind.NETTY_RAW;
    }

    @Override
    public void run(Session session) throws Exception {
        if (!idle) {
            try (RunningLoad load = WebSocketEchoLoad.start(session.host(), session.server.port(),
                    BenchContract.WEBSOCKET_PATH, ECHO_SESSIONS, session.loadThreads())) {
                boolean quiet = session.warmUp(load, session.plan.warmupMin(), session.plan.warmupMax());
                session.add(session.measure(load, session.plan.throughputWindow(), name(), "", quiet, Map.of()));
            }
            return;
        }
        long pid = session.server.pid();
        long baselineRss = ProcFs.rssBytes(pid);
        int baselineFiles = ProcFs.openFiles(pid);
        try (IdleConnections sessions = IdleConnections.openWebSockets(session.host(), session.server.port(),
                BenchContract.WEBSOCKET_PATH, session.plan.idleConnections(), OPENER_THREADS, OPEN_TIME_LIMIT)) {
            LoadSpec probeSpec = LoadSpec.openLoop(session.url("/plaintext"), RunPlan.PROBE_CONNECTIONS,
                    RunPlan.PROBE_RATE);
            try (HttpLoad probe = HttpLoad.start(probeSpec, session.loadThreads())) {
                boolean quiet = session.warmUp(probe, session.plan.warmupMin(), session.plan.warmupMax());
                Measurement m = session.measure(probe, session.plan.probeWindow(), name(), "", quiet, Map.of(
                        "openConnections", (double) sessions.openCount(),
                        "failedConnections", (double) sessions.failedCount(),
                        "baselineRssBytes", (double) baselineRss));
                double perSessionKiB = sessions.openCount() == 0 ? Double.NaN
                        : (m.rssBytes() - baselineRss) / 1024.0 / sessions.openCount();
                session.add(m.withExtra("rssPerConnectionKiB", perSessionKiB).plusErrors(sessions.failedCount()));
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcFs.openFiles(pid) > baselineFiles + 100 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
