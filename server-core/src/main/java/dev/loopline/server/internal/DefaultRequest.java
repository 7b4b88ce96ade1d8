package dev.loopline.server.internal;

import dev.loopline.server.Body;
import dev.loopline.server.Headers;
import dev.loopline.server.Request;
import dev.loopline.server.RequestContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The one {@link Request} implementation: built by the server from a decoded request, or by a test's builder. */
public final class DefaultRequest implements Request {

    private final String method;
    private final String target;
    private final String protocol;
    private final String path;
    private final String rawQuery;
    private final String targetAuthority; // the authority of an absolute-form target, else null
    private final Headers headers;
    private final Body body;
    private final Map<String, String> pathParams;
    private final String route;
    private final Attributes attributes;
    private final RequestContext context; // the exchange's: the same object for every request derived from this one
    private volatile Map<String, List<String>> queryParams; // parsed on first use

    /** A request whose target {@code parsed} has just parsed (its parts are copied: the parser is reused). */
    DefaultRequest(String method, RequestTarget parsed, String protocol, Headers headers, Body body,
                   RequestContext context) {
        this(method, parsed.raw(), protocol, parsed.path(), parsed.rawQuery(), parsed.authority(), headers, body,
                Map.of(), "", Attributes.EMPTY, context);
    }

    private DefaultRequest(String method, String target, String protocol, String path, String rawQuery,
                           String targetAuthority, Headers headers, Body body, Map<String, String> pathParams,
                           String route, Attributes attributes, RequestContext context) {
        this.method = method;
        this.target = target;
        this.protocol = protocol;
        this.path = path;
        this.rawQuery = rawQuery;
        this.targetAuthority = targetAuthority;
        this.headers = headers;
        this.body = body;
        this.pathParams = pathParams;
        this.route = route;
        this.attributes = attributes;
        this.context = context;
    }

    /**
     * The authority ({@code host[:port]}) of an absolute-form target, which is the request's authority whatever
     * {@code Host} says (RFC 9112 section 3.2.2); null for an origin-form (or asterisk-form) target.
     */
    String targetAuthority() {
        return targetAuthority;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String rawQuery() {
        return rawQuery;
    }

    @Override
    public Optional<String> queryParam(String name) {
        List<String> values = queryParams().get(name);
        return values == null ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public List<String> queryParams(String name) {
        return queryParams().getOrDefault(name, List.of());
    }

    @Override
    public Map<String, List<String>> queryParams() {
        Map<String, List<String>> parsed = queryParams;
        if (parsed == null) {
            parsed = QueryString.parse(rawQuery);
            queryParams = parsed;
        }
        return parsed;
    }

    @Override
    public Headers headers() {
        return headers;
    }

    @Override
    public Body body() {
        return body;
    }

    @Override
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no path parameter \"" + name + "\" in this route (has "
                    + pathParams.keySet() + ")");
        }
        return value;
    }

    @Override
    public Map<String, String> pathParams() {
        return pathParams;
    }

    @Override
    public String route() {
        return route;
    }

    @Override
    public Request withRoute(String routePattern, Map<String, String> newPathParams) {
        DefaultRequest routed = new DefaultRequest(method, target, protocol, path, rawQuery, targetAuthority, headers,
                body, Map.copyOf(newPathParams), Objects.requireNonNull(routePattern, "routePattern"), attributes,
                context);
        routed.queryParams = queryParams; // already parsed, or not: either way the same
        context.routeMatched(routePattern); // for the observers: metrics, logs, loop time per route
        return routed;
    }

    @Override
    public Request withHeader(String name, String value) {
        DefaultRequest changed = new DefaultRequest(method, target, protocol, path, rawQuery, targetAuthority,
                NettyHeaders.with(headers, name, value), body, pathParams, route, attributes, context);
        changed.queryParams = queryParams;
        return changed;
    }

    @Override
    public <T> Request with(Key<T> key, T value) {
        DefaultRequest changed = new DefaultRequest(method, target, protocol, path, rawQuery, targetAuthority,
                headers, body, pathParams, route, attributes.with(key, value), context);
        changed.queryParams = queryParams;
        return changed;
    }

    /** This request with its body, for a request whose head was made before its body arrived. */
    DefaultRequest withBody(Body newBody) {
        DefaultRequest changed = new DefaultRequest(method, target, protocol, path, rawQuery, targetAuthority, headers,
                newBody, pathParams, route, attributes, context);
        changed.queryParams = queryParams;
        return changed;
    }

    @Override
    public <T> Optional<T> attribute(Key<T> key) {
        return attributes.get(key);
    }

    @Override
    public RequestContext context() {
        return context;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    /** Method and path only: log lines print this, and the query and header values may carry secrets. */
    @Override
    public String toString() {
        return method + " " + path;
    }
}
