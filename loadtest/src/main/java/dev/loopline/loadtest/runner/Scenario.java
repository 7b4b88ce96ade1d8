package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.servers.ServerKind;
import java.util.List;

/** One scenario of the comparison: it loads the session's server and adds its measurements to the session. */
interface Scenario {

    String name();

    /** One sentence for the report: what is loaded, how, and what to look at. */
    String description();

    default boolean appliesTo(ServerKind kind) {
        return true;
    }

    void run(Session session) throws Exception;

    /**
     * Every scenario, in the order a session runs them. idle comes first, in a fresh JVM: its heap not yet touched
     * by the throughput runs and its thread pools not yet grown, so RSS and threads show what idle connections cost.
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
                new SlowIoScenario());
    }
}
