package dev.loopline.routing;

/**
 * What the router does with a path that has no route but would have one with its trailing slash added or
 * removed ({@code /users/} when only {@code /users} is registered, or the other way round). A path that has a
 * route is always served as it is: {@code /users} and {@code /users/} may be two different routes.
 */
public enum TrailingSlash {

    /** 404, as for any path without a route. */
    STRICT,

    /**
     * {@code 308 Permanent Redirect} to the registered form, query string kept; 308 makes clients repeat the
     * method and body. The default, as in httprouter.
     */
    REDIRECT,

    /** Served by the route of the other form, as if it had been sent that way. */
    IGNORE
}
