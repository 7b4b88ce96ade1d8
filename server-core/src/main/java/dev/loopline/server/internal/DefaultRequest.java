package dev.loopline.server.internal;

import dev.loopline.server.Body;
import dev.loopline.server.Headers;
import dev.loopline.server.Request;
import java.net.InetSocketAddress;
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
    private final Headers headers;
    private final Body body;
    private final InetSocketAddress remoteAddress;
    private final Map<String, String> pathParams;
    private final String route;
    private final ConnectionContext connection; // null for a request built without a server
    private volatile Map<String, List<String>> queryParams; // parsed on first use

    DefaultRequest(String method, String target, String protocol, Headers headers, Body body,
                   InetSocketAddress remoteAddress, ConnectionContext connection) {
        this(method, target, protocol, pathOf(target), queryOf(target), headers, body, remoteAddress, Map.of(), "",
                connection);
    }

    private DefaultRequest(String method, String target, String protocol, String path, String rawQuery,
                           Headers headers, Body body, InetSocketAddress remoteAddress,
                           Map<String, String> pathParams, String route, ConnectionContext connection) {
        this.method = method;
        this.target = target;
        this.protocol = protocol;
        this.path = path;
        this.rawQuery = rawQuery;
        this.headers = headers;
        this.body = body;
        this.remoteAddress = remoteAddress;
        this.pathParams = pathParams;
        this.route = route;
        this.connection = connection;
    }

    /** The connection this request arrived on, or null when it was built without a server. */
    ConnectionContext connection() {
        return connection;
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
        DefaultRequest routed = new DefaultRequest(method, target, protocol, path, rawQuery, headers, body,
                remoteAddress, Map.copyOf(newPathParams), Objects.requireNonNull(routePattern, "routePattern"),
                connection);
        routed.queryParams = queryParams; // already parsed, or not: either way the same
        return routed;
    }

    @Override
    public Request withHeader(String name, String value) {
        DefaultRequest changed = new DefaultRequest(method, target, protocol, path, rawQuery,
                NettyHeaders.with(headers, name, value), body, remoteAddress, pathParams, route, connection);
        changed.queryParams = queryParams;
        return changed;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
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

    /** The path of an origin-form ({@code /a?b}), absolute-form ({@code http://h/a?b}) or asterisk-form target. */
    static String pathOf(String target) {
        int start = 0;
        if (!target.startsWith("/")) {
            int scheme = target.indexOf("://");
            if (scheme < 0) {
                return target; // "*"
            }
            start = target.indexOf('/', scheme + 3);
            if (start < 0) {
                return "/";
            }
        }
        int query = target.indexOf('?', start);
        if (start == 0 && query < 0) {
            return target;
        }
        String path = target.substring(start, query < 0 ? target.length() : query);
        return path.isEmpty() ? "/" : path;
    }

    static String queryOf(String target) {
        int query = target.indexOf('?');
        return query < 0 ? "" : target.substring(query + 1);
    }
}
