package dev.loopline.routing.internal;

import dev.loopline.routing.TrailingSlash;
import dev.loopline.server.Filter;
import dev.loopline.server.Handler;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The router's own handler: matches the request's canonical path ({@link Request#path()}, exactly as the server
 * and every filter see it), then calls the route's chain inside the router's filters with the route pattern and
 * path parameters set, or answers what no route does (404, 405, OPTIONS, trailing-slash redirects, a parameter
 * that does not decode) inside the same filters. Matching first lets router filters see which route served a
 * request. A static hit on a router without filters allocates nothing.
 */
public final class Dispatcher implements Handler {

    private static final int MAX_ECHOED_CHARS = 200;

    private final RouteTrie trie;
    private final MethodTable methods;
    private final TrailingSlash trailingSlash;
    private final String allowAll; // for OPTIONS *
    private final List<Filter> routerFilters;
    private final Handler unmatched; // everything that is not a route, inside the router's filters

    public Dispatcher(RouteTrie trie, MethodTable methods, TrailingSlash trailingSlash, List<Filter> routerFilters) {
        this.trie = trie;
        this.methods = methods;
        this.trailingSlash = trailingSlash;
        this.routerFilters = routerFilters;
        this.unmatched = RouteRegistry.wrap(routerFilters, this::unmatched);
        long all = 0;
        for (int i = 0; i < methods.size(); i++) {
            all |= 1L << i;
        }
        this.allowAll = methods.allowHeader(all);
    }

    @Override
    public CompletionStage<Response> handle(Request request) {
        String path = request.path();
        if (path.isEmpty() || path.charAt(0) != '/') {
            return unmatched.handle(request);
        }
        RouteEntry route = trie.find(path, methods.indexOf(request.method()));
        if (route == null) {
            return unmatched.handle(request);
        }
        Request routed;
        try {
            routed = route.routed(request, path);
        } catch (HttpStatusException badValue) { // a parameter that is not UTF-8, say: answered inside the filters
            return RouteRegistry.wrap(routerFilters, refused -> badValue.toResponse().completed()).handle(request);
        }
        return route.filtered().handle(routed);
    }

    /** The answer when no route serves the request as sent (the router's filters are already around it). */
    private CompletionStage<Response> unmatched(Request request) {
        String path = request.path();
        int method = methods.indexOf(request.method());
        if (path.isEmpty() || path.charAt(0) != '/') {
            return asteriskForm(request, method);
        }
        return noRoute(request, path, method);
    }

    private CompletionStage<Response> noRoute(Request request, String path, int method) {
        String matched = path;
        long allowed = trie.allowedMethods(path);
        if (allowed == 0 && trailingSlash != TrailingSlash.STRICT) {
            String other = toggleTrailingSlash(path);
            long otherAllowed = other == null ? 0 : trie.allowedMethods(other);
            if (otherAllowed != 0) {
                if (trailingSlash == TrailingSlash.REDIRECT) {
                    String query = request.rawQuery();
                    return Response.empty(308)
                            .withHeader("Location", query.isEmpty() ? other : other + "?" + query)
                            .completed();
                }
                RouteEntry route = trie.find(other, method);
                if (route != null) {
                    return route.chain().handle(route.routed(request, other));
                }
                matched = other;
                allowed = otherAllowed;
            }
        }
        if (allowed == 0) {
            return Response.problem(404, "no route for " + request.method() + " " + echo(path)).completed();
        }
        String allow = methods.allowHeader(allowed);
        if (method == MethodTable.OPTIONS) {
            return Response.empty(204).withHeader("Allow", allow).completed();
        }
        return Response.problem(405, "method " + request.method() + " is not allowed for " + echo(matched)
                + "; allowed: " + allow).withHeader("Allow", allow).completed();
    }

    private CompletionStage<Response> asteriskForm(Request request, int method) {
        if (method == MethodTable.OPTIONS) {
            return Response.empty(204).withHeader("Allow", allowAll).completed();
        }
        return Response.problem(404, "no route for " + request.method() + " " + echo(request.path())).completed();
    }

    private static String toggleTrailingSlash(String path) {
        if (path.length() <= 1 || path.startsWith("//")) {
            return null; // "/" has no other form; "//host" would redirect to another site
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/";
    }

    private static String echo(String path) {
        return path.length() <= MAX_ECHOED_CHARS ? path : path.substring(0, MAX_ECHOED_CHARS) + "...";
    }
}
