package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.driver.HttpLoad;
import dev.loopline.loadtest.driver.LoadSpec;
import dev.loopline.loadtest.driver.RunningLoad;
import dev.loopline.loadtest.servers.BenchContract;
import dev.loopline.loadtest.servers.ServerKind;
import java.util.Map;

/**
 * download: a 1 MiB body streamed as 64 chunks of 16 KiB, closed loop on 16 connections. Loopline streams it through
 * {@code Body.stream} (a publisher, with backpressure); raw Netty writes the same chunks straight to the channel.
 * Only the two event-loop servers have the endpoint: this measures Loopline's streaming path against its ceiling.
 */
final class DownloadScenario implements Scenario {

    static final int CONNECTIONS = 16;

    @Override
    public String name() {
        return "download";
    }

    @Override
    public String description() {
        return "GET " + BenchContract.DOWNLOAD_PATH + " (1 MiB in 64 chunks of 16 KiB, streamed), closed loop on "
                + CONNECTIONS + " connections: Loopline's streamed-body path against raw Netty writing the same chunks;"
                + " goal 0.9x or better.";
    }

    @Override
    public boolean appliesTo(ServerKind kind) {
        return kind == ServerKind.LOOPLINE || kind == ServerKind.NETTY_RAW;
    }

    @Override
    public void run(Session session) throws Exception {
        if (session.wrk.isPresent()) {
            session.add(session.measureWithWrk(BenchContract.DOWNLOAD_PATH, CONNECTIONS, 1, name()));
            return;
        }
        try (RunningLoad load = HttpLoad.start(LoadSpec.closedLoop(session.url(BenchContract.DOWNLOAD_PATH),
                CONNECTIONS), session.loadThreads())) {
            boolean quiet = session.warmUp(load, session.plan.warmupMin(), session.plan.warmupMax());
            session.add(session.measure(load, session.plan.throughputWindow(), name(), "", quiet, Map.of()));
        }
    }
}
