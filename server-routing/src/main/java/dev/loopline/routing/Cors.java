package dev.loopline.routing;

import dev.loopline.routing.internal.CorsFilter;
import dev.loopline.server.Filter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Cross-origin resource sharing (the Fetch standard's CORS protocol) as a filter.
 *
 * <pre>{@code
 * Router.builder().filter(Cors.builder()
 *         .allowOrigins("https://app.example.com")
 *         .allowHeaders("Content-Type", "Authorization")
 *         .exposeHeaders("X-Request-Id")
 *         .allowCredentials(true)
 *         .build())
 * }</pre>
 *
 * <p>A preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) is answered by
 * the filter itself: 204 with the {@code Access-Control-Allow-*} fields, or 403 problem+json naming the origin,
 * method or header that is not allowed. Other requests from an allowed origin get
 * {@code Access-Control-Allow-Origin} (and credentials and exposed headers) on every response, errors included,
 * so that a browser script can read a 400's detail; a request from another origin is served without them (the
 * browser then hides the response). Add it on the router, not on a group: preflights are answered before any
 * route is chosen.
 */
public final class Cors {

    private Cors() {
    }

    /** A builder: name the allowed origins (or any), then {@link Builder#build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the policy; {@link #build()} validates it. */
    public static final class Builder {
        private final Set<String> origins = new LinkedHashSet<>();
        private boolean anyOrigin;
        private final Set<String> methods = new LinkedHashSet<>(List.of("GET", "HEAD", "POST", "PUT", "PATCH",
                "DELETE"));
        private final Set<String> headers = new LinkedHashSet<>();
        private final Set<String> exposedHeaders = new LinkedHashSet<>();
        private boolean credentials;
        private Duration maxAge = Duration.ofMinutes(10);

        private Builder() {
        }

        /** Origins allowed, each {@code scheme://host[:port]} exactly as browsers send it. */
        public Builder allowOrigins(String... allowed) {
            for (String origin : allowed) {
                origins.add(Objects.requireNonNull(origin, "origin"));
            }
            return this;
        }

        /** Any origin ({@code Access-Control-Allow-Origin: *}); not with credentials. */
        public Builder allowAnyOrigin() {
            anyOrigin = true;
            return this;
        }

        /** The methods allowed cross-origin, replacing the default GET, HEAD, POST, PUT, PATCH, DELETE. */
        public Builder allowMethods(String... allowed) {
            methods.clear();
            methods.addAll(List.of(allowed));
            return this;
        }

        /** Request headers a script may send beyond the CORS-safelisted ones; none by default. */
        public Builder allowHeaders(String... allowed) {
            for (String header : allowed) {
                headers.add(header.toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /** Response headers a script may read beyond the CORS-safelisted ones. */
        public Builder exposeHeaders(String... exposed) {
            exposedHeaders.addAll(List.of(exposed));
            return this;
        }

        /** Whether cookies and HTTP authentication may be sent cross-origin; false by default. */
        public Builder allowCredentials(boolean allowed) {
            credentials = allowed;
            return this;
        }

        /** How long a browser may cache a preflight answer; 10 minutes by default. */
        public Builder maxAge(Duration duration) {
            maxAge = Objects.requireNonNull(duration, "maxAge");
            return this;
        }

        /**
         * The CORS filter for this policy.
         *
         * @throws IllegalArgumentException naming the setting that is invalid
         */
        public Filter build() {
            if (!anyOrigin && origins.isEmpty()) {
                throw new IllegalArgumentException("Cors.allowOrigins: name at least one origin, or allowAnyOrigin()");
            }
            if (anyOrigin && credentials) {
                throw new IllegalArgumentException("Cors.allowCredentials(true) cannot be combined with"
                        + " allowAnyOrigin(): browsers refuse credentials with '*'; list the origins instead");
            }
            for (String origin : origins) {
                if (!isOrigin(origin)) {
                    throw new IllegalArgumentException("Cors.allowOrigins: \"" + origin
                            + "\" is not an origin like https://app.example.com (scheme://host[:port], no path)");
                }
            }
            if (methods.isEmpty()) {
                throw new IllegalArgumentException("Cors.allowMethods: name at least one method");
            }
            if (maxAge.isNegative()) {
                throw new IllegalArgumentException("Cors.maxAge must not be negative (was " + maxAge + ")");
            }
            return new CorsFilter(anyOrigin, Set.copyOf(origins), List.copyOf(new ArrayList<>(methods)),
                    List.copyOf(new ArrayList<>(headers)), List.copyOf(new ArrayList<>(exposedHeaders)), credentials,
                    maxAge.toSeconds());
        }

        private static boolean isOrigin(String origin) {
            int scheme = origin.indexOf("://");
            if (scheme <= 0 || !origin.substring(0, scheme).matches("[a-z][a-z0-9+.-]*")) {
                return false;
            }
            String host = origin.substring(scheme + 3);
            return !host.isEmpty() && host.indexOf('/') < 0 && host.indexOf('?') < 0 && host.indexOf('#') < 0;
        }
    }
}
