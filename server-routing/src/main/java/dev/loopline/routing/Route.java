package dev.loopline.routing;

import dev.loopline.server.Handler;
import java.util.Objects;

/**
 * One registered route: a method, a pattern (with any group prefix) and the handler given for it.
 *
 * @param method the request method, case-sensitive, e.g. {@code GET}
 * @param pattern the full pattern, e.g. {@code /api/v1/todos/{id}}
 * @param handler the handler as registered, without the filters of its groups
 */
public record Route(String method, String pattern, Handler handler) {

    /** A route; every component is required. */
    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(handler, "handler");
    }

    /** {@code GET /users/{id}}: what {@code Router.routes()} prints. */
    @Override
    public String toString() {
        return method + " " + pattern;
    }
}
