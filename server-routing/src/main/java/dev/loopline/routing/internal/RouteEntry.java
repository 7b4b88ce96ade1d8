package dev.loopline.routing.internal;

import dev.loopline.routing.Route;
import dev.loopline.routing.RouteMatch;
import dev.loopline.server.Handler;
import dev.loopline.server.Request;
import java.util.Map;
import java.util.Optional;

/** A registered route, compiled: its pattern parsed and its handler already wrapped by its groups' filters. */
public final class RouteEntry {

    private final Route route;
    private final PathPattern pattern;
    private final Handler chain;
    private final Handler filtered;
    private final boolean announceRoute;
    private final Optional<RouteMatch> staticMatch; // built once for a route without parameters

    /**
     * @param chain the route's handler inside its groups' filters
     * @param filtered {@code chain} inside the router's filters
     * @param announceRoute whether a request with no parameters still gets its route pattern set, because
     *     router filters (access log, metrics) may read it; without them a static hit allocates nothing
     */
    public RouteEntry(Route route, PathPattern pattern, Handler chain, Handler filtered, boolean announceRoute) {
        this.route = route;
        this.pattern = pattern;
        this.chain = chain;
        this.filtered = filtered;
        this.announceRoute = announceRoute;
        this.staticMatch = pattern.hasParams() ? null : Optional.of(new RouteMatch(route, Map.of()));
    }

    public Route route() {
        return route;
    }

    public PathPattern pattern() {
        return pattern;
    }

    /** The route's handler inside its groups' filters (the router's filters have run already). */
    public Handler chain() {
        return chain;
    }

    /** The route's handler inside its groups' filters and the router's. */
    public Handler filtered() {
        return filtered;
    }

    /** {@code request} as matched by this route: its pattern and path parameters set where anyone can read them. */
    public Request routed(Request request, String path) {
        if (pattern.hasParams()) {
            return request.withRoute(route.pattern(), pattern.extract(path));
        }
        if (announceRoute) {
            return request.withRoute(route.pattern(), Map.of());
        }
        request.context().routeMatched(route.pattern()); // the server's observers still learn it, at no allocation
        return request;
    }

    /** The match for {@code path}, which this route is known to match; shared when there are no parameters. */
    public Optional<RouteMatch> match(String path) {
        return staticMatch != null ? staticMatch : Optional.of(new RouteMatch(route, pattern.extract(path)));
    }
}
