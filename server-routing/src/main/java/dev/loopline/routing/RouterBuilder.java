package dev.loopline.routing;

import dev.loopline.routing.internal.Dispatcher;
import dev.loopline.routing.internal.MethodTable;
import dev.loopline.routing.internal.RouteRegistry;
import dev.loopline.routing.internal.RouteTrie;
import dev.loopline.server.Filter;
import dev.loopline.server.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Collects routes, groups and filters, then {@link #build()}s an immutable {@link Router}. Not thread-safe:
 * build a router on one thread, then share it.
 *
 * <p>Filters added here wrap the whole router: they see every request, including those answered 404, 405,
 * OPTIONS or with a trailing-slash redirect, so an access log or request id filter belongs here. Filters of a
 * {@link RouteGroup} wrap only that group's routes.
 */
public final class RouterBuilder implements Routes<RouterBuilder> {

    private final RouteRegistry registry = new RouteRegistry();
    private final List<Filter> filters = new ArrayList<>();
    private TrailingSlash trailingSlash = TrailingSlash.REDIRECT;

    RouterBuilder() {
    }

    @Override
    public RouterBuilder route(String method, String pattern, Handler handler) {
        registry.add(method, pattern, handler);
        return this;
    }

    @Override
    public RouterBuilder filter(Filter filter) {
        filters.add(Objects.requireNonNull(filter, "filter"));
        return this;
    }

    @Override
    public RouterBuilder group(String prefix, Consumer<RouteGroup> routes) {
        RouteGroup.register("", prefix, registry, routes);
        return this;
    }

    /** What to do with a path that only has a route with its trailing slash toggled; default {@code REDIRECT}. */
    public RouterBuilder trailingSlash(TrailingSlash policy) {
        trailingSlash = Objects.requireNonNull(policy, "trailingSlash");
        return this;
    }

    /**
     * Builds the router.
     *
     * @throws IllegalArgumentException when two routes have the same method and match the same paths (for
     *     example {@code /users/{id}} and {@code /users/{name}}): the message names both
     */
    public Router build() {
        MethodTable methods = MethodTable.of(registry.methods());
        List<Filter> routerFilters = List.copyOf(filters);
        RouteTrie trie = new RouteTrie(registry.compile(routerFilters), methods);
        Handler dispatch = new Dispatcher(trie, methods, trailingSlash, routerFilters);
        return new Router(registry.routes(), trie, methods, trailingSlash, dispatch);
    }
}
