package dev.loopline.routing;

import dev.loopline.routing.internal.RouteRegistry;
import dev.loopline.server.Filter;
import dev.loopline.server.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Routes under a common prefix, such as {@code /api/v1}, sharing filters. A group's filters wrap only its own
 * routes (and those of groups inside it), inside the router's filters; they do not see requests that match no
 * route. In a group, the pattern {@code ""} is the prefix itself and {@code "/"} the prefix with a slash.
 */
public final class RouteGroup implements Routes<RouteGroup> {

    private final String prefix;
    private final RouteRegistry registry;
    private final List<Filter> filters = new ArrayList<>();

    private RouteGroup(String prefix, RouteRegistry registry) {
        this.prefix = prefix;
        this.registry = registry;
    }

    /** Runs {@code body} on a new group and puts the group's filters around the routes it registered. */
    static void register(String outerPrefix, String prefix, RouteRegistry registry, Consumer<RouteGroup> body) {
        Objects.requireNonNull(body, "group body");
        if (prefix == null || !prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("invalid group prefix \"" + prefix
                    + "\": it must start with '/' and not end with '/', like /api/v1");
        }
        RouteGroup group = new RouteGroup(outerPrefix + prefix, registry);
        int first = registry.size();
        body.accept(group);
        registry.wrap(first, group.filters);
    }

    /** The full prefix of this group, outer groups' prefixes included. */
    public String prefix() {
        return prefix;
    }

    @Override
    public RouteGroup route(String method, String pattern, Handler handler) {
        if (pattern == null || !pattern.isEmpty() && !pattern.startsWith("/")) {
            throw new IllegalArgumentException("invalid route pattern \"" + pattern + "\" in group " + prefix
                    + ": it must start with '/' (or be \"\" for the prefix itself)");
        }
        registry.add(method, prefix + pattern, handler);
        return this;
    }

    @Override
    public RouteGroup filter(Filter filter) {
        filters.add(Objects.requireNonNull(filter, "filter"));
        return this;
    }

    @Override
    public RouteGroup group(String innerPrefix, Consumer<RouteGroup> routes) {
        register(prefix, innerPrefix, registry, routes);
        return this;
    }
}
