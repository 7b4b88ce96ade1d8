package dev.loopline.routing.internal;

import dev.loopline.routing.Route;
import dev.loopline.server.Filter;
import dev.loopline.server.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The routes a router builder and its groups have registered so far, in order, each with the filters of the
 * groups around it. Owned by the thread that builds the router.
 */
public final class RouteRegistry {

    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    /** A route as registered: its full pattern, and its groups' filters, outermost first. */
    private static final class Spec {
        final Route route;
        final PathPattern pattern;
        final List<Filter> filters = new ArrayList<>();

        Spec(Route route, PathPattern pattern) {
            this.route = route;
            this.pattern = pattern;
        }
    }

    private final List<Spec> specs = new ArrayList<>();

    /**
     * Registers a route; a bad method or pattern fails here, with a message naming it.
     *
     * @throws IllegalArgumentException for a method that is not an HTTP token, or an invalid pattern
     */
    public void add(String method, String pattern, Handler handler) {
        Objects.requireNonNull(handler, () -> "handler of " + method + " " + pattern);
        if (method == null || method.isEmpty() || !method.chars().allMatch(RouteRegistry::isTokenChar)) {
            throw new IllegalArgumentException("invalid method \"" + method + "\" for route " + pattern
                    + ": a method is a token such as GET or PROPFIND");
        }
        specs.add(new Spec(new Route(method, pattern, handler), PathPattern.parse(pattern)));
    }

    private static boolean isTokenChar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || TOKEN_SYMBOLS.indexOf(c) >= 0;
    }

    /** How many routes have been registered; a group notes it before running its body. */
    public int size() {
        return specs.size();
    }

    /** Puts {@code groupFilters} outside the filters of every route registered since index {@code first}. */
    public void wrap(int first, List<Filter> groupFilters) {
        for (Spec spec : specs.subList(first, specs.size())) {
            spec.filters.addAll(0, groupFilters);
        }
    }

    /** The distinct methods of all routes, in registration order. */
    public List<String> methods() {
        List<String> methods = new ArrayList<>();
        for (Spec spec : specs) {
            if (!methods.contains(spec.route.method())) {
                methods.add(spec.route.method());
            }
        }
        return methods;
    }

    public List<Route> routes() {
        List<Route> routes = new ArrayList<>(specs.size());
        for (Spec spec : specs) {
            routes.add(spec.route);
        }
        return List.copyOf(routes);
    }

    /**
     * Every route compiled: its handler wrapped by its groups' filters, then by the router's filters, outermost
     * first, so that a request pays for composing none of them.
     */
    public List<RouteEntry> compile(List<Filter> routerFilters) {
        List<RouteEntry> entries = new ArrayList<>(specs.size());
        for (Spec spec : specs) {
            Handler chain = wrap(spec.filters, spec.route.handler());
            entries.add(new RouteEntry(spec.route, spec.pattern, chain, wrap(routerFilters, chain),
                    !routerFilters.isEmpty()));
        }
        return entries;
    }

    /** {@code handler} inside {@code filters}, the first filter outermost. */
    public static Handler wrap(List<Filter> filters, Handler handler) {
        Handler chain = handler;
        for (int i = filters.size() - 1; i >= 0; i--) {
            chain = filters.get(i).wrap(chain);
        }
        return chain;
    }
}
