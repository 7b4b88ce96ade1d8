package dev.loopline.server.internal;

import dev.loopline.server.Headers;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/** The decoder's header map seen through the public {@link Headers} view; nobody writes to it after decoding. */
final class NettyHeaders implements Headers {

    private final HttpHeaders headers;

    NettyHeaders(HttpHeaders headers) {
        this.headers = headers;
    }

    /** A copy of {@code headers} with {@code name} set to {@code value}; validated like received fields. */
    static NettyHeaders with(Headers headers, String name, String value) {
        HttpHeaders copy = new DefaultHttpHeaders();
        headers.forEach(copy::add);
        copy.set(name, value);
        return new NettyHeaders(copy);
    }

    @Override
    public Optional<String> firstValue(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    @Override
    public List<String> allValues(String name) {
        return Collections.unmodifiableList(headers.getAll(name));
    }

    @Override
    public boolean contains(String name) {
        return headers.contains(name);
    }

    @Override
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (String name : headers.names()) {
            names.add(name.toLowerCase(Locale.ROOT));
        }
        return Collections.unmodifiableSet(names);
    }

    @Override
    public int size() {
        return headers.size();
    }

    @Override
    public void forEach(BiConsumer<String, String> action) {
        Iterator<Map.Entry<String, String>> entries = headers.iteratorAsString();
        while (entries.hasNext()) {
            Map.Entry<String, String> entry = entries.next();
            action.accept(entry.getKey(), entry.getValue());
        }
    }

    @Override
    public String toString() {
        return headers.toString();
    }
}
