package dev.loopline.server.internal.compression;

import dev.loopline.server.Body;
import dev.loopline.server.Headers;
import dev.loopline.server.Request;
import dev.loopline.server.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A request whose compressed body has been decoded: everything as the original says, but the body, and headers
 * without {@code Content-Encoding} and {@code Content-Length} (which described the encoded body). A delegating
 * wrapper like any user's: it hands on the original's context.
 */
final class DecodedRequest implements Request {

    private static final Set<String> HIDDEN = Set.of("content-encoding", "content-length");

    private final Request original;
    private final Body body;

    DecodedRequest(Request original, Body body) {
        this.original = original;
        this.body = body;
    }

    @Override public String method() { return original.method(); }
    @Override public String target() { return original.target(); }
    @Override public String path() { return original.path(); }
    @Override public String rawQuery() { return original.rawQuery(); }
    @Override public Optional<String> queryParam(String name) { return original.queryParam(name); }
    @Override public List<String> queryParams(String name) { return original.queryParams(name); }
    @Override public Map<String, List<String>> queryParams() { return original.queryParams(); }
    @Override public Body body() { return body; }
    @Override public String pathParam(String name) { return original.pathParam(name); }
    @Override public Map<String, String> pathParams() { return original.pathParams(); }
    @Override public String route() { return original.route(); }
    @Override public String protocol() { return original.protocol(); }
    @Override public RequestContext context() { return original.context(); }
    @Override public <T> Optional<T> attribute(Key<T> key) { return original.attribute(key); }

    @Override
    public Request withRoute(String routePattern, Map<String, String> pathParams) {
        return new DecodedRequest(original.withRoute(routePattern, pathParams), body);
    }

    @Override
    public Request withHeader(String name, String value) {
        return new DecodedRequest(original.withHeader(name, value), body);
    }

    @Override
    public <T> Request with(Key<T> key, T value) {
        return new DecodedRequest(original.with(key, value), body);
    }

    @Override
    public Headers headers() {
        Headers headers = original.headers();
        return new Headers() {
            @Override public Optional<String> firstValue(String name) {
                return hidden(name) ? Optional.empty() : headers.firstValue(name);
            }
            @Override public List<String> allValues(String name) {
                return hidden(name) ? List.of() : headers.allValues(name);
            }
            @Override public boolean contains(String name) {
                return !hidden(name) && headers.contains(name);
            }
            @Override public Set<String> names() {
                Set<String> names = new java.util.LinkedHashSet<>(headers.names());
                names.removeAll(HIDDEN);
                return names;
            }
            @Override public int size() {
                List<String> count = new ArrayList<>();
                forEach((name, value) -> count.add(name));
                return count.size();
            }
            @Override public void forEach(BiConsumer<String, String> action) {
                headers.forEach((name, value) -> {
                    if (!hidden(name)) {
                        action.accept(name, value);
                    }
                });
            }
        };
    }

    private static boolean hidden(String name) {
        return HIDDEN.contains(name.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String toString() {
        return original.toString();
    }
}
