package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.servers.ServerKind;
import java.util.List;
import java.util.Optional;

/** One scenario of the comparison: it loads the session's server and adds its measurements to the session. */
interface Scenario {

    String name();

    /** One sentence for the report: what is loaded, how, and what to look at. */
    String description();

    default boolean appliesTo(ServerKind kind) {
        return true;
    }

    /**
     * The listeners this scenario runs on for {@code kind}, in order; the runner starts one session (one server JVM)
     * per listener that some scenario needs. Most scenarios: the cleartext port only.
     */
    default List<Listener> listeners(ServerKind kind) {
        return List.of(Listener.CLEARTEXT);
    }

    /** Why this scenario cannot run on this machine (a tool it needs is missing), or empty when it can. */
    default Optional<String> unavailable() {
        return Optional.empty();
    }

    /** Runs on {@code session}, whose listener is one of {@link #listeners}. */
    void run(Session session) throws Exception;

    /**
     * Every scenario, in the order a session runs them. idle comes first, in a fresh JVM: its heap not yet touched
     * by the throughput runs and its thread pools not yet grown, so RSS and threads show what idle connections cost.
     * The HTTP/2 and TLS scenarios come last (issue 22); the TLS ones run in sessions of their own.
     */
    static List<Scenario> all() {
        return List.of(
                IdleScenario.httpConnections(),
                new ThroughputScenario("plaintext", "/plaintext", 1),
                new ThroughputScenario("json", "/json", 1),
                new ThroughputScenario("pipelined", "/plaintext", RunPlan.PIPELINE_DEPTH),
                LargeBodyScenario.download(),
                LargeBodyScenario.staticFile(),
                new EventFanOutScenario(),
                new ExportScenario(),
                new WebSocketScenario(),
                IdleScenario.webSocketSessions(),
                new CpuMixScenario(),
                new CurveScenario(),
                new SlowIoScenario(),
                Http2Scenario.cleartext(),
                Http2Scenario.overTls(),
                new TlsThroughputScenario(),
                new TlsHandshakeScenario());
    }
}
