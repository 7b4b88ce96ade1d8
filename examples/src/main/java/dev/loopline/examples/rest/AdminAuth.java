package dev.loopline.examples.rest;

import dev.loopline.server.Filter;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Request;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * A bearer-token check for the {@code /admin} routes that hands the authenticated principal to the handlers as a
 * request attribute, not as a header a client could have sent itself. Without a configured token every admin
 * request is refused.
 */
public final class AdminAuth {

    /** The authenticated principal, set by {@link #filter} for the handlers it wraps. */
    public static final Request.Key<String> PRINCIPAL = Request.Key.of("principal");

    private AdminAuth() {
    }

    /** Admits requests whose {@code Authorization} is {@code Bearer TOKEN}, as principal {@code admin}. */
    public static Filter filter(Optional<String> token) {
        byte[] expected = token.map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8)).orElse(null);
        return (request, next) -> {
            byte[] sent = request.header("Authorization").orElse("").getBytes(StandardCharsets.UTF_8);
            if (expected == null || !MessageDigest.isEqual(expected, sent)) { // constant time: no timing oracle
                throw new HttpStatusException(401, expected == null
                        ? "the admin routes are off: start the service with --admin-token TOKEN"
                        : "a valid bearer token is required", Map.of("WWW-Authenticate", "Bearer realm=\"admin\""));
            }
            return next.handle(request.with(PRINCIPAL, "admin"));
        };
    }
}
