package dev.loopline.server;

import dev.loopline.server.internal.LoopReportJson;

/**
 * A diagnostic page for the loop budget, to mount where an application likes (behind its own access control: it
 * names every route):
 *
 * <pre>{@code
 * router.get("/loop", LoopReport.handler());
 * }</pre>
 *
 * <p>It answers JSON: {@code budgetMicros} ({@link ServerConfig#loopBudget()}), {@code windowSeconds} (60), the
 * {@code routes} seen in that last minute, the most loop time first, each with its method, route pattern,
 * {@code calls}, {@code totalMicros}, {@code p50Micros}, {@code p99Micros}, {@code maxMicros} on the loop and
 * {@code overBudget}; each event loop's lag ({@code loops}: thread, current, p99 and max lag, blocked episodes); and
 * the offload pools' queues ({@code pools}). Percentiles are upper bounds of histogram buckets 12.5 % to 25 % wide.
 */
public final class LoopReport {

    private LoopReport() {
    }

    /** The handler; it runs on the loop and costs a few microseconds per route. */
    public static Handler handler() {
        return request -> {
            String json = LoopReportJson.of(request);
            if (json == null) {
                return Response.problem(503, "the loop report needs a request that arrived on a server").completed();
            }
            return Response.json(json).withHeader("Cache-Control", "no-store").completed();
        };
    }
}
