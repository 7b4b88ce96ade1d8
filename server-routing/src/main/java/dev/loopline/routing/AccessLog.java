package dev.loopline.routing;

import dev.loopline.routing.internal.Outcomes;
import dev.loopline.server.Filter;
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
