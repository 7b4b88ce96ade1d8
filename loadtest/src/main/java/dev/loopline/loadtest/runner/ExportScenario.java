package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.driver.FirstByteLoad;
import dev.loopline.loadtest.servers.BenchContract;
import dev.loopline.loadtest.servers.ServerKind;

/**
 * export-ttfb: a 9 MB CSV export written by blocking code on Loopline's offload pool, streamed as written
 * ({@code Body.writer}) against the same rows built whole in memory first ({@code ?buffered=true}), closed loop on
 * {@value #CONNECTIONS} connections. The latency columns are the time to first byte; the streamed variant's first
 * byte should come within milliseconds, the buffered one's only once all 9 MB are built.
 */
final class ExportScenario implements Scenario {

    static final int CONNECTIONS = 4;

    @Override
    public String name() {
        return "export-ttfb";
    }

    @Override
    public String description() {
        return "GET " + BenchContract.EXPORT_PATH + " (a 9 MB CSV of " + BenchContract.EXPORT_ROWS + " rows written on the"
                + " offload pool), closed loop on " + CONNECTIONS + " connections, streamed as written against built"
                + " whole first (?buffered=true): latency columns are the time to first byte.";
    }

    @Override
    public boolean appliesTo(ServerKind kind) {
        return kind == ServerKind.LOOPLINE;
    }

    @Override
    public void run(Session session) throws Exception {
        for (String variant : new String[] {"streamed", "buffered"}) {
            String target = BenchContract.EXPORT_PATH + (variant.equals("buffered") ? "?buffered=true" : "");
            session.addThroughput(FirstByteLoad.start(session.host(), session.server.port(), target, CONNECTIONS,
                    session.loadThreads()), name(), variant);
        }
    }
}
