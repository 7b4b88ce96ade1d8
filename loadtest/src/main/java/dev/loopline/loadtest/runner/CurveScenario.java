package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.driver.HttpLoad;
import dev.loopline.loadtest.driver.LoadSpec;
import dev.loopline.loadtest.report.Measurement;
import java.util.Map;

/**
 * curve: latency versus throughput. First the Java driver's closed-loop maximum on {@code /plaintext} (its own
 * saturation point with this server), then open-loop rates at fractions of it, latency measured from each
 * request's intended send time, so a server that stalls is charged for every request it delayed.
 */
final class CurveScenario implements Scenario {

    static final String SATURATION = "closed loop (max)";

    @Override
    public String name() {
        return "curve";
    }

    @Override
    public String description() {
        return "GET /plaintext on " + RunPlan.THROUGHPUT_CONNECTIONS + " connections: the Java driver's closed-loop "
                + "maximum, then open-loop rates at fractions of it (latency from the intended send time).";
    }

    @Override
    public void run(Session session) throws Exception {
        RunPlan plan = session.plan;
        String url = session.url("/plaintext");
        double saturation;
        try (HttpLoad load = HttpLoad.start(LoadSpec.closedLoop(url, RunPlan.THROUGHPUT_CONNECTIONS),
                session.loadThreads())) {
            boolean quiet = session.warmUp(load, plan.warmupMin(), plan.warmupMax());
            Measurement max = session.measure(load, plan.curveWindow(), name(), SATURATION, quiet,
                    Map.of("fractionOfMax", 1.0));
            session.add(max);
            saturation = max.requestsPerSecond();
        }
        if (saturation <= 0) {
            return; // nothing answered: the closed-loop row already shows the errors
        }
        for (double fraction : plan.curveFractions()) {
            double rate = fraction * saturation;
            try (HttpLoad load = HttpLoad.start(LoadSpec.openLoop(url, RunPlan.THROUGHPUT_CONNECTIONS, rate),
                    session.loadThreads())) {
                session.awaitFirstAnswers(load);
                Thread.sleep(plan.curveSettle().toMillis());
                session.add(session.measure(load, plan.curveWindow(), name(), variant(fraction), true,
                        Map.of("targetRequestsPerSecond", rate, "fractionOfMax", fraction)));
            }
        }
    }

    static String variant(double fraction) {
        return String.format("open loop %3.0f%% of max", fraction * 100);
    }
}
