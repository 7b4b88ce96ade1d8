package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.driver.HttpLoad;
import dev.loopline.loadtest.driver.LoadSpec;
import dev.loopline.loadtest.servers.ServerKind;
import java.util.Map;

/**
 * slow-io: 1000 connections on {@code /slow?ms=100}. Waiting costs an event loop nothing (a timer), while a
 * 200-thread pool can wait for 200 requests at once: the ideal is 10 000 req/s, the pool caps at 2 000.
 */
final class SlowIoScenario implements Scenario {

    @Override
    public String name() {
        return "slow-io";
    }

    @Override
    public String description() {
        return "GET /slow?ms=" + RunPlan.SLOW_MILLIS + ", closed loop on " + RunPlan.SLOW_CONNECTIONS
                + " connections: the ideal is " + idealRate() + " req/s; a pool of 200 threads that sleep caps at "
                + 200 * 1000 / RunPlan.SLOW_MILLIS + " req/s.";
    }

    private static int idealRate() {
        return RunPlan.SLOW_CONNECTIONS * 1000 / RunPlan.SLOW_MILLIS;
    }

    /** It needs {@code /cpu} and {@code /slow}: nginx, which answers only /plaintext and /json, has no row. */
    @Override
    public boolean appliesTo(ServerKind kind) {
        return kind.answersWholeContract();
    }

    @Override
    public void run(Session session) throws Exception {
        String url = session.url("/slow?ms=" + RunPlan.SLOW_MILLIS);
        try (HttpLoad load = HttpLoad.start(LoadSpec.closedLoop(url, RunPlan.SLOW_CONNECTIONS),
                session.loadThreads())) {
            boolean quiet = session.warmUp(load, session.plan.warmupMin(), session.plan.warmupMax());
            session.add(session.measure(load, session.plan.slowWindow(), name(), "", quiet,
                    Map.of("idealRequestsPerSecond", (double) idealRate())));
        }
    }
}
