package dev.loopline.routing;

import dev.loopline.routing.internal.Outcomes;
import dev.loopline.routing.internal.ServerMeters;
import dev.loopline.server.Exchange;
import dev.loopline.server.ExchangeObserver;
import dev.loopline.server.Filter;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer metrics for a Loopline service. Micrometer is an optional dependency of this module: add
 * {@code io.micrometer:micrometer-core} (and a registry, such as {@code micrometer-registry-prometheus}).
 *
 * <pre>{@code
 * ServerConfig config = ServerConfig.builder().observer(Metrics.observer(registry)) ... .build();
 * HttpServer server = HttpServer.start(config, router);
 * Metrics.bind(registry, server);
 * }</pre>
 *
 * <p>Requests: timer {@code http.server.requests} tagged {@code method} (a non-standard one is {@code OTHER}),
 * {@code route} (the route's pattern,
 * such as {@code /todos/{id}}; never the raw path, whose values would explode the number of series),
 * {@code status} and {@code outcome}; with {@link #observer} also the loop time per route, the body sizes, and
 * streamed bodies timed to their last byte. The server: event-loop lag, blocked-loop episodes, offload pools,
 * connections and requests in flight (see {@link #bind}).
 */
public final class Metrics {

    /** The name of the request timer. */
    public static final String REQUESTS = "http.server.requests";
    /** The name of the timer of each route's time on the event loop ({@link Exchange#loopNanos()}). */
    public static final String LOOP_TIME = "loopline.route.loop.time";
    /** The name of the summary of request body sizes, in bytes. */
    public static final String REQUEST_BYTES = "http.server.request.body.size";
    /** The name of the summary of response body sizes, in bytes (what went out, for a streamed body). */
    public static final String RESPONSE_BYTES = "http.server.response.body.size";

    private static final Set<String> STANDARD_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
            "OPTIONS", "TRACE", "CONNECT");

    private Metrics() {
    }

    /**
     * An observer for {@link dev.loopline.server.ServerConfig.Builder#observer} that records, when each exchange's last
     * byte has been handed to the connection: {@code http.server.requests} (from the handler's call to the last byte,
     * so a streamed download counts whole; tagged as by {@link #filter}, with {@code outcome=ABANDONED} or
     * {@code BROKEN} for an exchange that did not complete; a percentile histogram from 10 µs to 60 s),
     * {@code loopline.route.loop.time} (the route's time on the event loop, tagged {@code method} and {@code route},
     * with a histogram from 1 µs to 1 s), and {@code http.server.request.body.size} and
     * {@code http.server.response.body.size} (bytes, tagged {@code method} and {@code route}). Prefer it to
     * {@link #filter}, which sees a streamed body's start, not its end; use one of the two, not both.
     */
    public static ExchangeObserver observer(MeterRegistry registry) {
        // The meters of each (method, route, status, outcome), made once: the observer runs on the event loop.
        ConcurrentHashMap<MeterKey, ExchangeMeters> meters = new ConcurrentHashMap<>();
        return exchange -> {
            Response response = exchange.response();
            int status = response == null ? 0 : response.status();
            String outcome = exchange.outcome() == Exchange.Outcome.COMPLETED ? outcome(status)
                    : exchange.outcome().name();
            MeterKey key = new MeterKey(methodTag(exchange.request().method()), routeTag(exchange.route(), status),
                    status, outcome);
            ExchangeMeters forKey = meters.get(key);
            if (forKey == null) {
                forKey = meters.computeIfAbsent(key, made -> new ExchangeMeters(registry, made));
            }
            forKey.requests.record(exchange.durationNanos(), TimeUnit.NANOSECONDS);
            forKey.loopTime.record(exchange.loopNanos(), TimeUnit.NANOSECONDS);
            forKey.requestBytes.record(exchange.requestBodyBytes());
            forKey.responseBytes.record(exchange.responseBodyBytes());
        };
    }

    /** What one exchange's meters are found by. */
    private record MeterKey(String method, String route, int status, String outcome) {
    }

    /** The meters of one {@link MeterKey}. */
    private static final class ExchangeMeters {
        final Timer requests;
        final Timer loopTime;
        final DistributionSummary requestBytes;
        final DistributionSummary responseBytes;

        ExchangeMeters(MeterRegistry registry, MeterKey key) {
            requests = Timer.builder(REQUESTS)
                    .description("HTTP requests served, by route pattern and status, to their last byte")
                    .tag("method", key.method).tag("route", key.route)
                    .tag("status", key.status == 0 ? "UNKNOWN" : Integer.toString(key.status))
                    .tag("outcome", key.outcome)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(60))
                    .register(registry);
            loopTime = Timer.builder(LOOP_TIME)
                    .description("Time each route's requests spent on the event loop (offloaded work excluded)")
                    .tag("method", key.method).tag("route", key.route)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(1_000)).maximumExpectedValue(Duration.ofSeconds(1))
                    .register(registry);
            requestBytes = DistributionSummary.builder(REQUEST_BYTES).baseUnit("bytes")
                    .tag("method", key.method).tag("route", key.route).register(registry);
            responseBytes = DistributionSummary.builder(RESPONSE_BYTES).baseUnit("bytes")
                    .tag("method", key.method).tag("route", key.route).register(registry);
        }
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
                    requestTimer(registry, methodTag(request.method()), routeTag(request.route(), response.status()),
                            Integer.toString(response.status()), outcome(response.status()))
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

    private static Timer requestTimer(MeterRegistry registry, String method, String route, String status,
                                      String outcome) {
        return Timer.builder(REQUESTS)
                .description("HTTP requests served, by route pattern and status")
                .tag("method", method).tag("route", route).tag("status", status).tag("outcome", outcome)
                .register(registry);
    }

    private static String routeTag(String route, int status) {
        if (!route.isEmpty()) {
            return route;
        }
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
