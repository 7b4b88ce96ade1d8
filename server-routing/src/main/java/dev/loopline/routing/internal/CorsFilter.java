package dev.loopline.routing.internal;

import dev.loopline.server.Filter;
import dev.loopline.server.Handler;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** The CORS filter that {@code Cors.builder()} builds: answers preflights, decorates responses. Immutable. */
public final class CorsFilter implements Filter {

    private final boolean anyOrigin;
    private final Set<String> origins;
    private final List<String> methods;
    private final List<String> headers;   // lower-cased
    private final String allowMethods;
    private final String exposeHeaders;   // null when none
    private final boolean credentials;
    private final String maxAgeSeconds;

    public CorsFilter(boolean anyOrigin, Set<String> origins, List<String> methods, List<String> headers,
                      List<String> exposedHeaders, boolean credentials, long maxAgeSeconds) {
        this.anyOrigin = anyOrigin;
        this.origins = origins;
        this.methods = methods;
        this.headers = headers;
        this.allowMethods = String.join(", ", methods);
        this.exposeHeaders = exposedHeaders.isEmpty() ? null : String.join(", ", exposedHeaders);
        this.credentials = credentials;
        this.maxAgeSeconds = Long.toString(maxAgeSeconds);
    }

    @Override
    public CompletionStage<Response> filter(Request request, Handler next) {
        String origin = request.header("Origin").orElse(null);
        if (origin == null) {
            return anyOrigin ? next.handle(request) : Outcomes.respond(next, request).thenApply(CorsFilter::varyOnOrigin);
        }
        String requestedMethod = request.header("Access-Control-Request-Method").orElse(null);
        if (request.method().equals("OPTIONS") && requestedMethod != null) {
            return preflight(origin, requestedMethod, request).completed();
        }
        boolean allowed = isAllowed(origin);
        return Outcomes.respond(next, request).thenApply(answer -> allowed ? decorate(answer, origin)
                : varyOnOrigin(answer));
    }

    private Response preflight(String origin, String requestedMethod, Request request) {
        if (!isAllowed(origin)) {
            return forbidden("origin \"" + echo(origin) + "\" is not allowed");
        }
        if (!methods.contains(requestedMethod)) {
            return forbidden("method " + echo(requestedMethod) + " is not allowed; allowed: " + allowMethods);
        }
        String requestedHeaders = String.join(",", request.headers().allValues("Access-Control-Request-Headers"));
        for (String header : requestedHeaders.split(",")) {
            String name = header.trim().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !headers.contains(name)) {
                return forbidden("request header " + echo(header.trim()) + " is not allowed"
                        + (headers.isEmpty() ? "" : "; allowed: " + String.join(", ", headers)));
            }
        }
        Response response = Response.empty(204)
                .withHeader("Access-Control-Allow-Origin", anyOrigin ? "*" : origin)
                .withHeader("Access-Control-Allow-Methods", allowMethods)
                .withHeader("Access-Control-Max-Age", maxAgeSeconds)
                .withHeader("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        if (!requestedHeaders.isBlank()) {
            response = response.withHeader("Access-Control-Allow-Headers", requestedHeaders.trim());
        }
        return credentials ? response.withHeader("Access-Control-Allow-Credentials", "true") : response;
    }

    private static Response forbidden(String why) {
        return Response.problem(403, "CORS preflight refused: " + why);
    }

    private boolean isAllowed(String origin) {
        return anyOrigin || origins.contains(origin);
    }

    private Response decorate(Response response, String origin) {
        Response decorated = response.withHeader("Access-Control-Allow-Origin", anyOrigin ? "*" : origin);
        if (credentials) {
            decorated = decorated.withHeader("Access-Control-Allow-Credentials", "true");
        }
        if (exposeHeaders != null) {
            decorated = decorated.withHeader("Access-Control-Expose-Headers", exposeHeaders);
        }
        return anyOrigin ? decorated : varyOnOrigin(decorated);
    }

    /** The answer depends on Origin whenever origins are listed: caches must key on it. */
    private static Response varyOnOrigin(Response response) {
        String vary = response.headers().firstValue("Vary").orElse(null);
        if (vary == null) {
            return response.withHeader("Vary", "Origin");
        }
        return vary.toLowerCase(Locale.ROOT).contains("origin") ? response : response.withHeader("Vary", vary
                + ", Origin");
    }

    private static String echo(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}
