package dev.loopline.routing;

import dev.loopline.routing.internal.Outcomes;
import dev.loopline.server.Exchange;
import dev.loopline.server.ExchangeObserver;
import dev.loopline.server.Filter;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A filter that logs one INFO line per request to the SLF4J logger {@value #LOGGER_NAME}, in logfmt:
 *
 * <pre>
 * method=GET path=/users/42 route=/users/{id} status=200 bytes=27 durationMicros=412 requestId=5f0c...
 * </pre>
 *
 * <p>{@code path} is the request's canonical path, without the query: queries carry secrets (tokens, e-mail
 * addresses), so {@link #filter()} never logs them; {@link #filterWithQuery()} adds {@code query="..."} (the raw
 * query, or {@code -}) for services whose queries are known to be harmless. {@code route} is the pattern of
 * the route that served it ({@code -} for a 404); {@code bytes} is the body
 * length (also for HEAD, whose body the server leaves out); {@code durationMicros} runs from the filter to the
 * completed response; {@code requestId} is the {@link RequestId} one, or {@code -}. A failed handler's failure
 * becomes its response here (500, logged once with its stack), so the line shows the status the client gets.
 * Add it first on the router (outermost), so that it times
 * everything and sees every request, 404s and 405s included.
 *
 * <p>{@link #observer()} logs when the last byte has been written instead, which is what a streamed body needs:
 *
 * <pre>
 * method=GET path=/export route=/export status=200 bytesIn=0 bytes=9000000 durationMicros=812345 loopMicros=35 outcome=COMPLETED requestId=-
 * </pre>
 *
 * <p>There {@code bytes} is what went out (0 for {@code HEAD}; a cut streamed body's part), {@code bytesIn} the
 * request body read, {@code durationMicros} runs from the handler's call to the last byte, {@code loopMicros} is the
 * exchange's time on the event loop, and {@code outcome} is {@code COMPLETED}, {@code BROKEN} (the body broke off
 * after its head) or {@code ABANDONED} (the client went away first; {@code status=-} when no response was begun).
 * Use one of the two, not both.
 */
public final class AccessLog {

    /** The SLF4J logger the lines go to: configure its level and appender by this name. */
    public static final String LOGGER_NAME = "dev.loopline.access";

    private static final Logger log = LoggerFactory.getLogger(LOGGER_NAME);

    private AccessLog() {
    }

    /** The access log without query strings: the default, since queries carry secrets. */
    public static Filter filter() {
        return filter(false);
    }

    /** The access log with each request's raw query string as {@code query="..."}: only where queries are harmless. */
    public static Filter filterWithQuery() {
        return filter(true);
    }

    /**
     * The access log as an observer, for {@link dev.loopline.server.ServerConfig.Builder#observer}: one line per
     * exchange at its last byte (see above), without query strings.
     */
    public static ExchangeObserver observer() {
        return observer(false);
    }

    /** As {@link #observer()}, with each request's raw query string as {@code query="..."}. */
    public static ExchangeObserver observerWithQuery() {
        return observer(true);
    }

    private static ExchangeObserver observer(boolean withQuery) {
        return exchange -> {
            if (!log.isInfoEnabled()) {
                return;
            }
            Request request = exchange.request();
            Response response = exchange.response();
            String requestId = RequestId.of(request, response);
            StringBuilder line = new StringBuilder(160).append("method=").append(request.method())
                    .append(" path=").append(request.path());
            if (withQuery) { // a request-target has no '"' or space (RFC 3986), so quoting is enough
                line.append(" query=").append(request.rawQuery().isEmpty() ? "-" : "\"" + request.rawQuery() + "\"");
            }
            line.append(" route=").append(exchange.route().isEmpty() ? "-" : exchange.route())
                    .append(" status=").append(response == null ? "-" : Integer.toString(response.status()))
                    .append(" bytesIn=").append(exchange.requestBodyBytes())
                    .append(" bytes=").append(exchange.responseBodyBytes())
                    .append(" durationMicros=").append(exchange.durationNanos() / 1_000)
                    .append(" loopMicros=").append(exchange.loopNanos() / 1_000)
                    .append(" outcome=").append(exchange.outcome())
                    .append(" requestId=").append(requestId == null ? "-" : requestId);
            log.info(line.toString());
        };
    }

    private static Filter filter(boolean withQuery) {
        return (request, next) -> {
            if (!log.isInfoEnabled()) {
                return next.handle(request);
            }
            long startNanos = System.nanoTime();
            return Outcomes.respond(next, request).whenComplete((response, error) -> {
                long durationMicros = (System.nanoTime() - startNanos) / 1_000;
                String requestId = RequestId.of(request, response);
                String route = request.route().isEmpty() ? "-" : request.route();
                String id = requestId == null ? "-" : requestId;
                if (withQuery) { // a request-target has no '"' or space (RFC 3986), so quoting is enough
                    String query = request.rawQuery().isEmpty() ? "-" : "\"" + request.rawQuery() + "\"";
                    log.info("method={} path={} query={} route={} status={} bytes={} durationMicros={} requestId={}",
                            request.method(), request.path(), query, route, response.status(),
                            response.body().length(), durationMicros, id);
                } else {
                    log.info("method={} path={} route={} status={} bytes={} durationMicros={} requestId={}",
                            request.method(), request.path(), route, response.status(), response.body().length(),
                            durationMicros, id);
                }
            });
        };
    }
}
