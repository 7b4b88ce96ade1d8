package dev.loopline.server.internal;

import dev.loopline.server.Request;
import dev.loopline.server.RouteLoopTime;
import dev.loopline.server.ServerStats;
import java.time.Duration;
import java.util.List;

/** The JSON of {@link dev.loopline.server.LoopReport}: built from the server the request arrived on. */
public final class LoopReportJson {

    private LoopReportJson() {
    }

    /** The report for the server of {@code request}, or null for a request built without a server. */
    public static String of(Request request) {
        ResponseSlot exchange = ResponseSlot.of(request);
        if (exchange == null) {
            return null;
        }
        ServerRuntime runtime = exchange.connection.runtime();
        long budget = runtime.budget.budgetNanos();
        List<RouteLoopTime> routes = runtime.budget.lastMinute(System.nanoTime());
        ServerStats stats = runtime.stats();
        StringBuilder json = new StringBuilder(512).append("{\"budgetMicros\":").append(budget / 1_000)
                .append(",\"windowSeconds\":").append(LoopBudget.WINDOW_NANOS / 1_000_000_000L)
                .append(",\"routes\":[");
        for (int i = 0; i < routes.size(); i++) {
            RouteLoopTime route = routes.get(i);
            long p99 = route.percentile(0.99).toNanos();
            json.append(i == 0 ? "{" : ",{").append("\"method\":");
            Problems.appendString(json, route.method());
            json.append(",\"route\":");
            Problems.appendString(json, route.route());
            json.append(",\"calls\":").append(route.calls())
                    .append(",\"totalMicros\":").append(micros(route.total()))
                    .append(",\"p50Micros\":").append(micros(route.percentile(0.5)))
                    .append(",\"p99Micros\":").append(p99 / 1_000)
                    .append(",\"maxMicros\":").append(micros(route.max()))
                    .append(",\"overBudget\":").append(budget > 0 && p99 > budget).append('}');
        }
        json.append("],\"loops\":[");
        for (int i = 0; i < stats.loops().size(); i++) {
            ServerStats.LoopStats loop = stats.loops().get(i);
            json.append(i == 0 ? "{" : ",{").append("\"thread\":");
            Problems.appendString(json, loop.thread());
            json.append(",\"lagMicros\":").append(micros(loop.currentLag()))
                    .append(",\"lagP99Micros\":").append(micros(loop.lagP99()))
                    .append(",\"lagMaxMicros\":").append(micros(loop.maxLag()))
                    .append(",\"blockedEpisodes\":").append(loop.blockedEpisodes()).append('}');
        }
        json.append("],\"pools\":[");
        appendPool(json, stats.cpuPool(), true);
        appendPool(json, stats.blockingPool(), false);
        return json.append("]}").toString();
    }

    private static void appendPool(StringBuilder json, ServerStats.PoolStats pool, boolean first) {
        json.append(first ? "{" : ",{").append("\"name\":");
        Problems.appendString(json, pool.name());
        json.append(",\"queueDepth\":").append(pool.queueDepth()).append(",\"active\":").append(pool.active())
                .append(",\"rejected\":").append(pool.rejected()).append(",\"completed\":").append(pool.completed())
                .append('}');
    }

    private static long micros(Duration duration) {
        return duration.toNanos() / 1_000;
    }
}
