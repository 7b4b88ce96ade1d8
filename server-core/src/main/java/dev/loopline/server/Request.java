package dev.loopline.server;

import dev.loopline.server.internal.RequestBuilder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable HTTP request: the head as received, and the body already aggregated (up to
 * {@link ServerConfig#maxBodyBytes()}). Safe to read from any thread.
 */
public interface Request {

    /** The method as sent, for example {@code GET}. Methods are case-sensitive (RFC 9110 section 9.1). */
    String method();

    /** The request-target exactly as sent: path and query (or a whole absolute URI), still percent-encoded. */
    String target();

    /**
     * The path of the target in its canonical form (see {@link RequestPath}): unreserved characters decoded, the
     * rest still percent-encoded ({@code %2F} stays {@code %2F}), never a dot segment. Filters, the router, logs
     * and metrics all see this same string. {@code /} for an absolute-form target with an empty path;
     * {@code *} for {@code OPTIONS *}.
     */
    String path();

    /** The raw query string after {@code ?}, still percent-encoded; empty when there is none. */
    String rawQuery();

    /**
     * The first value of query parameter {@code name}, percent-decoded. A malformed query string is answered
     * with 400 by the server when first read.
     */
    Optional<String> queryParam(String name);

    /** Every value of query parameter {@code name}, in order; empty when absent. */
    List<String> queryParams(String name);

    /** All query parameters, in order of first appearance. */
    Map<String, List<String>> queryParams();

    /** The header fields as received. */
    Headers headers();

    /** The first value of header {@code name}, if present. */
    default Optional<String> header(String name) {
        return headers().firstValue(name);
    }

    /** The body, aggregated up to {@link ServerConfig#maxBodyBytes()}; empty when there is none. */
    Body body();

    /**
     * The path parameter {@code name}, percent-decoded, as filled in by a router.
     *
     * @throws IllegalArgumentException when the matched route has no such parameter (a programming error)
     */
    String pathParam(String name);

    /** All path parameters filled in by a router; empty when there is none. */
    Map<String, String> pathParams();

    /**
     * The pattern of the route that matched, for example {@code /todos/{id}}, as set by a router; empty before
     * routing and when no route matched. Metrics and logs use it instead of the raw path.
     */
    String route();

    /** This request as matched by a router: the route's pattern and the path parameters it extracted. */
    Request withRoute(String routePattern, Map<String, String> pathParams);

    /**
     * This request with header {@code name} set to {@code value} (earlier values replaced), for a filter that
     * passes something down to the handlers it wraps, such as a generated request id.
     */
    Request withHeader(String name, String value);

    /**
     * This request with attribute {@code key} set to {@code value}, for a filter that hands something to the
     * handlers it wraps (an authenticated principal, a tenant, a request id). The request itself is unchanged.
     */
    <T> Request with(Key<T> key, T value);

    /** The value of attribute {@code key} set by {@link #with(Key, Object)}, if any. */
    <T> Optional<T> attribute(Key<T> key);

    /**
     * What the server knows about this request's exchange: where it came from, whether it is still wanted, and
     * (inside the server) its connection. A {@code Request} implementation that wraps another must return the
     * wrapped request's context: then Offload, Delay, Health, timeouts and the loop guard work for the wrapper too.
     */
    RequestContext context();

    /** The socket peer ({@code context().remoteAddress()}); {@code 127.0.0.1:0} for a request built with {@link #builder}. */
    default InetSocketAddress remoteAddress() {
        return context().remoteAddress();
    }

    /** The protocol version as sent, for example {@code HTTP/1.1}. */
    String protocol();

    /** Builds a request without a server, for unit tests of handlers and routers. */
    static Builder builder(String method, String target) {
        return new RequestBuilder(method, target);
    }

    /**
     * The key of a request attribute: typed, and compared by identity, so two keys with the same name are two
     * attributes. Keep keys in constants.
     *
     * @param <T> the type of the attribute's value
     */
    final class Key<T> {
        private final String name;

        private Key(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** A new key; {@code name} is only for messages and {@link #toString()}. */
        public static <T> Key<T> of(String name) {
            return new Key<>(name);
        }

        /** The name given to {@link #of}. */
        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return "Key[" + name + "]";
        }
    }

    /** Builder for requests without a server. */
    interface Builder {
        /** Adds a header field (a second call with the same name adds a second value). */
        Builder header(String name, String value);

        /** Sets the body to a copy of {@code body}. */
        Builder body(byte[] body);

        /** Sets the body to {@code utf8Body} encoded as UTF-8. */
        Builder body(String utf8Body);

        /** Sets the client's address (default {@code 127.0.0.1:0}). */
        Builder remoteAddress(InetSocketAddress address);

        /** The request, immutable. */
        Request build();
    }
}
