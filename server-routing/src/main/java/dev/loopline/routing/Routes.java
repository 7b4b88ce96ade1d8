package dev.loopline.routing;

import dev.loopline.server.Filter;
import dev.loopline.server.Handler;
import dev.loopline.server.Request;
import dev.loopline.server.WebSocketListener;
import dev.loopline.server.WebSocketOptions;
import dev.loopline.server.WebSockets;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Where routes are registered: a {@link RouterBuilder} or a {@link RouteGroup}.
 *
 * <p>Patterns are made of {@code /}-separated segments: static text (written decoded, compared with the
 * percent-decoded request segment), {@code {name}} (any one non-empty segment) and, last, {@code {*name}} (the
 * rest of the path, possibly empty). A parameter is always a whole segment. HEAD is served by the GET route
 * unless a HEAD route is registered; OPTIONS is answered by the router unless an OPTIONS route is.
 *
 * @param <S> the type itself, so that calls chain
 */
public interface Routes<S extends Routes<S>> {

    /**
     * Registers {@code handler} for {@code method} and {@code pattern}.
     *
     * @throws IllegalArgumentException for an invalid method or pattern, with a message naming it
     */
    S route(String method, String pattern, Handler handler);

    /**
     * Adds a filter around every route registered here, whenever registered; filters run in the order added,
     * the first outermost.
     */
    S filter(Filter filter);

    /** Registers the routes that {@code routes} adds under {@code prefix}, with filters of their own. */
    S group(String prefix, Consumer<RouteGroup> routes);

    /** Registers {@code handler} for GET (and so HEAD) requests to {@code pattern}. */
    default S get(String pattern, Handler handler) {
        return route("GET", pattern, handler);
    }

    /** Registers {@code handler} for POST requests to {@code pattern}. */
    default S post(String pattern, Handler handler) {
        return route("POST", pattern, handler);
    }

    /** Registers {@code handler} for PUT requests to {@code pattern}. */
    default S put(String pattern, Handler handler) {
        return route("PUT", pattern, handler);
    }

    /** Registers {@code handler} for PATCH requests to {@code pattern}. */
    default S patch(String pattern, Handler handler) {
        return route("PATCH", pattern, handler);
    }

    /** Registers {@code handler} for DELETE requests to {@code pattern}. */
    default S delete(String pattern, Handler handler) {
        return route("DELETE", pattern, handler);
    }

    /** Registers {@code handler} for HEAD requests to {@code pattern}, instead of the GET route's. */
    default S head(String pattern, Handler handler) {
        return route("HEAD", pattern, handler);
    }

    /** Registers {@code handler} for OPTIONS requests to {@code pattern}, instead of the router's own answer. */
    default S options(String pattern, Handler handler) {
        return route("OPTIONS", pattern, handler);
    }

    /**
     * Registers a WebSocket endpoint at {@code pattern}: a GET route whose handler upgrades the request with
     * {@link WebSockets#upgrade}. Filters run before the upgrade (an authentication filter's 401 or 403 stops it)
     * and see the 101; {@code listeners} makes the session's listener from the upgrade request, path parameters
     * and filters' attributes included. A plain GET to it is answered 426, a bad handshake 400, an origin outside
     * {@link WebSocketOptions#allowedOrigins()} 403.
     */
    default S websocket(String pattern, WebSocketOptions options, Function<Request, WebSocketListener> listeners) {
        return route("GET", pattern, request -> WebSockets.upgrade(request, options, listeners.apply(request)));
    }
}
