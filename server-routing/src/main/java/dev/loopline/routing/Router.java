package dev.loopline.routing;

import dev.loopline.routing.internal.MethodTable;
import dev.loopline.routing.internal.RouteEntry;
import dev.loopline.routing.internal.RouteTrie;
import dev.loopline.server.BodyPolicy;
import dev.loopline.server.Handler;
import dev.loopline.server.Request;
import dev.loopline.server.RequestPath;
import dev.loopline.server.Response;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A {@link Handler} that sends each request to the route its method and path match, through a segment trie:
 * lookup time grows with the depth of the path, not with the number of routes. Immutable and thread-safe.
 *
 * <pre>{@code
 * Router router = Router.builder()
 *         .filter(RequestId.filter())
 *         .filter(AccessLog.filter())
 *         .get("/users/{id}", request -> Json.response(users.get(Params.pathLong(request, "id"))).completed())
 *         .group("/api/v1", api -> api.filter(auth).post("/todos", todos::create))
 *         .build();
 * }</pre>
 *
 * <p>Answers: the route's response; 404 when no route matches the path; 405 with {@code Allow} when routes
 * match it under other methods; 204 with {@code Allow} to OPTIONS; HEAD through the GET route (the server sends
 * no body); 400 for a path parameter that is not UTF-8 after decoding or holds {@code %00}; the
 * {@link TrailingSlash} policy for a path that only matches with its trailing slash toggled. The router matches
 * {@link Request#path()}, the canonical path the server computed (see {@link RequestPath}); dot segments and bad
 * escapes never get this far (the server answers them 400). Static segments beat parameters, which beat the
 * tail wildcard, at each segment from the left, whatever the registration order.
 */
public final class Router implements Handler {

    private final List<Route> routes;
    private final RouteTrie trie;
    private final MethodTable methods;
    private final TrailingSlash trailingSlash;
    private final Handler dispatch; // matches, then runs the router's filters around the route or the 404/405

    Router(List<Route> routes, RouteTrie trie, MethodTable methods, TrailingSlash trailingSlash, Handler dispatch) {
        this.routes = routes;
        this.trie = trie;
        this.methods = methods;
        this.trailingSlash = trailingSlash;
        this.dispatch = dispatch;
    }

    /** A builder for a router: routes, filters, groups, then {@link RouterBuilder#build()}. */
    public static RouterBuilder builder() {
        return new RouterBuilder();
    }

    @Override
    public CompletionStage<Response> handle(Request request) {
        return dispatch.handle(request);
    }

    /**
     * The body policy of the route {@code head} matches (routes take theirs from their handler, for example one made
     * with {@link BodyPolicy#applyTo}); null, the server's default, when none matches.
     */
    @Override
    public BodyPolicy bodyPolicy(Request head) {
        String path = head.path();
        if (path.isEmpty() || path.charAt(0) != '/') {
            return null;
        }
        RouteEntry entry = trie.find(path, methods.indexOf(head.method()));
        return entry == null ? null : entry.chain().bodyPolicy(entry.routed(head, path));
    }

    /**
     * The route that would serve {@code method} and {@code path}, with its path parameters, found without a
     * request or a socket (for tests and tools). HEAD finds the GET route. Filters, OPTIONS answers and the
     * trailing-slash policy play no part.
     *
     * @param path a path as sent, such as {@code /users/42} (brought to its canonical form, as the server does;
     *     a query string is ignored)
     * @throws dev.loopline.server.HttpStatusException 400 for invalid percent-encoding or a dot segment, or a
     *     parameter value that is not UTF-8
     */
    public Optional<RouteMatch> find(String method, String path) {
        String rawPath = withoutQuery(path);
        if (!rawPath.startsWith("/")) {
            return Optional.empty();
        }
        String canonical = RequestPath.canonical(rawPath);
        RouteEntry entry = trie.find(canonical, methods.indexOf(method));
        return entry == null ? Optional.empty() : entry.match(canonical);
    }

    /**
     * The methods {@code path} can be requested with, as an OPTIONS request would list them in {@code Allow};
     * empty when no route matches the path.
     *
     * @throws dev.loopline.server.HttpStatusException 400 for invalid percent-encoding or a dot segment
     */
    public Set<String> allowedMethods(String path) {
        String rawPath = withoutQuery(path);
        if (!rawPath.startsWith("/")) {
            return Set.of();
        }
        long mask = trie.allowedMethods(RequestPath.canonical(rawPath));
        return mask == 0 ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(methods.allowed(mask)));
    }

    /** Every route, in registration order. */
    public List<Route> routes() {
        return routes;
    }

    /** What this router does with a path that differs from a route only by its trailing slash. */
    public TrailingSlash trailingSlash() {
        return trailingSlash;
    }

    private static String withoutQuery(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    /** The route table, one {@code METHOD pattern} per line, for printing at start. */
    @Override
    public String toString() {
        StringBuilder table = new StringBuilder();
        for (Route route : routes) {
            table.append(String.format("%-7s %s%n", route.method(), route.pattern()));
        }
        return table.toString();
    }
}
