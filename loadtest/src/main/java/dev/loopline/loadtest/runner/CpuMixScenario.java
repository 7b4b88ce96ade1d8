package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.driver.HttpLoad;
import dev.loopline.loadtest.driver.LoadSpec;
import dev.loopline.loadtest.servers.ServerKind;
import java.time.Duration;
import java.util.Map;

/**
 * cpu-mix: a {@code /plaintext} probe (open loop, 200 req/s) alone, then beside 64 connections of {@code /cpu}
 * (offloaded by event-loop servers), then beside {@code /cpu-inline} (hashing on the loop: the anti-pattern).
 * The probe's p99 shows whether cheap requests still get through.
 */
final class CpuMixScenario implements Scenario {

    static final String ALONE = "probe alone";
    static final String BESIDE_CPU = "probe + /cpu load";
    static final String BESIDE_INLINE = "probe + /cpu-inline load";

    @Override
    public String name() {
        return "cpu-mix";
    }

    @Override
    public String description() {
        return "a GET /plaintext probe (open loop, " + RunPlan.PROBE_RATE + " req/s over "
                + RunPlan.PROBE_CONNECTIONS + " connections) alone, beside "
                + RunPlan.THROUGHPUT_CONNECTIONS + " connections of GET /cpu?n=" + RunPlan.CPU_ROUNDS
                + " (offloaded on event-loop servers, on the request thread otherwise), and beside /cpu-inline "
                + "(event-loop servers: the same work on the loop). req/s is the CPU load's; latency is the probe's.";
    }

    /** It needs {@code /cpu} and {@code /slow}: nginx, which answers only /plaintext and /json, has no row. */
    @Override
    public boolean appliesTo(ServerKind kind) {
        return kind.answersWholeContract();
    }

    @Override
    public void run(Session session) throws Exception {
        RunPlan plan = session.plan;
        LoadSpec probeSpec = LoadSpec.openLoop(session.url("/plaintext"), RunPlan.PROBE_CONNECTIONS,
                RunPlan.PROBE_RATE);
        try (HttpLoad probe = HttpLoad.start(probeSpec, session.loadThreads())) {
            boolean quiet = session.warmUp(probe, plan.warmupMin(), plan.warmupMax());
            session.add(session.measure(probe, plan.mixWindow(), name(), ALONE, quiet,
                    Map.of("probeRequestsPerSecond", (double) RunPlan.PROBE_RATE)));
            // SHA-256 is new code to the JIT here, and competes with 64 busy requests for the CPU: more warm-up.
            beside(session, probe, "/cpu?n=" + RunPlan.CPU_ROUNDS, BESIDE_CPU, plan.warmupMax().multipliedBy(3).dividedBy(2));
            if (session.kind.isEventLoop()) {
                beside(session, probe, "/cpu-inline?n=" + RunPlan.CPU_ROUNDS, BESIDE_INLINE, plan.warmupMax());
            }
        }
    }

    private void beside(Session session, HttpLoad probe, String target, String variant, Duration warmupMax)
            throws Exception {
        try (HttpLoad load = HttpLoad.start(LoadSpec.closedLoop(session.url(target),
                RunPlan.THROUGHPUT_CONNECTIONS), session.loadThreads())) {
            boolean quiet = session.warmUp(load, session.plan.warmupMin(), warmupMax);
            session.add(session.measureBeside(load, probe, session.plan.mixWindow(), name(), variant, quiet));
        }
    }
}
