package dev.loopline.routing.internal;

import dev.loopline.routing.Route;
import dev.loopline.routing.RouteMatch;
import dev.loopline.server.Handler;
import java.util.Map;
import java.util.Optional;

/** A registered route, compiled: its pattern parsed and its handler already wrapped by its groups' filters. */
public final class RouteEntry {

    private final Route route;
    private final PathPattern pattern;
    private final Handler chain;
    private final Optional<RouteMatch> staticMatch; // built once for a route without parameters

    public RouteEntry(Route route, PathPattern pattern, Handler chain) {
        this.route = route;
        this.pattern = pattern;
        this.chain = chain;
        this.staticMatch = pattern.hasParams() ? null : Optional.of(new RouteMatch(route, Map.of()));
    }

    public Route route() {
        return route;
    }

    public PathPattern pattern() {
        return pattern;
    }

    /** The handler to call: the route's handler inside its groups' filters. */
    public Handler chain() {
        return chain;
    }

    /** The match for {@code path}, which this route is known to match; shared when there are no parameters. */
    public Optional<RouteMatch> match(String path, boolean encoded) {
        return staticMatch != null ? staticMatch : Optional.of(new RouteMatch(route, pattern.extract(path, encoded)));
    }
}
