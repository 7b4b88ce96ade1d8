package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.driver.HttpLoad;
import dev.loopline.loadtest.driver.LoadSpec;
import dev.loopline.loadtest.driver.PipelinedLoad;
import dev.loopline.loadtest.driver.RunningLoad;
import java.util.Map;

/** plaintext, json and pipelined plaintext: a closed loop on 64 connections, as fast as it goes. */
final class ThroughputScenario implements Scenario {

    private final String name;
    private final String target;
    private final int pipelineDepth;

    ThroughputScenario(String name, String target, int pipelineDepth) {
        this.name = name;
        this.target = target;
        this.pipelineDepth = pipelineDepth;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "GET " + target + ", closed loop on " + RunPlan.THROUGHPUT_CONNECTIONS + " keep-alive connections"
                + (pipelineDepth > 1 ? ", " + pipelineDepth + " requests pipelined per write" : "")
                + "; maximum throughput (wrk when installed). Latency is from the actual send (closed loop).";
    }

    @Override
    public void run(Session session) throws Exception {
        if (session.wrk.isPresent()) {
            session.add(session.measureWithWrk(target, RunPlan.THROUGHPUT_CONNECTIONS, pipelineDepth, name));
            return;
        }
        try (RunningLoad load = pipelineDepth > 1
                ? PipelinedLoad.start(session.host(), session.server.port(), target,
                        RunPlan.THROUGHPUT_CONNECTIONS, pipelineDepth, session.loadThreads())
                : HttpLoad.start(LoadSpec.closedLoop(session.url(target), RunPlan.THROUGHPUT_CONNECTIONS),
                        session.loadThreads())) {
            boolean quiet = session.warmUp(load, session.plan.warmupMin(), session.plan.warmupMax());
            session.add(session.measure(load, session.plan.throughputWindow(), name, "", quiet, Map.of()));
        }
    }
}
