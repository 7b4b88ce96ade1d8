package dev.loopline.routing;

import dev.loopline.routing.internal.Outcomes;
import dev.loopline.routing.internal.ServerMeters;
import dev.loopline.server.Filter;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer metrics for a Loopline service. Micrometer is an optional dependency of this module: add
 * {@code io.micrometer:micrometer-core} (and a registry, such as {@code micrometer-registry-prometheus}).
 *
 * <pre>{@code
 * Router router = Router.builder().filter(Metrics.filter(registry)) ... .build();
 * HttpServer server = HttpServer.start(config, router);
 * Metrics.bind(registry, server);
 * }</pre>
 *
 * <p>Requests: timer {@code http.server.requests} tagged {@code method} (a non-standard one is {@code OTHER}),
 * {@code route} (the route's pattern,
 * such as {@code /todos/{id}}; never the raw path, whose values would explode the number of series),
 * {@code status} and {@code outcome}. The server: event-loop lag, blocked-loop episodes, offload pools,
 * connections and requests in flight (see {@link #bind}).
 */
public final class Metrics {

    /** The name of the request timer. */
    public static final String REQUESTS = "http.server.requests";

    private static final Set<String> STANDARD_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
            "OPTIONS", "TRACE", "CONNECT");

    private Metrics() {
    }

    /**
     * A router filter that times every request, 404s included (install it on the router, so that it sees the
     * matched route's pattern). Unmatched requests are tagged {@code route=NOT_FOUND}, {@code REDIRECTION} or
     * {@code UNMATCHED}.
     */
    public static Filter filter(MeterRegistry registry) {
        return (request, next) -> {
            long startNanos = System.nanoTime();
            return Outcomes.respond(next, request).whenComplete((response, error) ->
                    Timer.builder(REQUESTS)
                            .description("HTTP requests served, by route pattern and status")
                            .tag("method", methodTag(request.method()))
                            .tag("route", routeTag(request, response))
                            .tag("status", Integer.toString(response.status()))
                            .tag("outcome", outcome(response.status()))
                            .register(registry)
                            .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS));
        };
    }

    /**
     * Registers the server's own meters: {@code loopline.eventloop.lag} (current, max and p99 per loop),
     * {@code loopline.eventloop.blocked}, {@code loopline.offload.queue}, {@code .active}, {@code .rejected},
     * {@code .completed} (per pool), {@code loopline.connections.open}, {@code loopline.connections.refused},
     * {@code loopline.requests.inflight}, {@code loopline.requests}, {@code loopline.handler.timeouts},
     * {@code loopline.websocket.sessions} and {@code loopline.websocket.messages.in} / {@code .out}. They
     * read {@link HttpServer#stats()}, taken at most once a second however many meters are scraped.
     */
    public static void bind(MeterRegistry registry, HttpServer server) {
        ServerMeters.register(registry, server);
    }

    /** A client can send any method token: only the standard ones become tag values, or series would grow. */
    private static String methodTag(String method) {
        return STANDARD_METHODS.contains(method) ? method : "OTHER";
    }

    private static String routeTag(Request request, Response response) {
        if (!request.route().isEmpty()) {
            return request.route();
        }
        int status = response.status();
        return status == 404 ? "NOT_FOUND" : status >= 300 && status < 400 ? "REDIRECTION" : "UNMATCHED";
    }

    private static String outcome(int status) {
        if (status < 200) {
            return "INFORMATIONAL";
        }
        if (status < 300) {
            return "SUCCESS";
        }
        if (status < 400) {
            return "REDIRECTION";
        }
        return status < 500 ? "CLIENT_ERROR" : "SERVER_ERROR";
    }
}
