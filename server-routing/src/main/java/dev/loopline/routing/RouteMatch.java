package dev.loopline.routing;

import java.util.Map;
import java.util.Objects;

/**
 * What {@link Router#find} found: the route, and the path parameters it extracted (percent-decoded).
 *
 * @param route the matched route
 * @param pathParams parameter name to decoded value; a tail wildcard's value has no leading slash
 */
public record RouteMatch(Route route, Map<String, String> pathParams) {

    /** A match; {@code pathParams} is copied. */
    public RouteMatch {
        Objects.requireNonNull(route, "route");
        pathParams = Map.copyOf(pathParams);
    }

    /** The value of parameter {@code name}, or null when the route has no such parameter. */
    public String pathParam(String name) {
        return pathParams.get(name);
    }
}
