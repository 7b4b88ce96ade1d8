package dev.loopline.server.internal;

import dev.loopline.server.Request;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/** A request's attributes: a few key/value pairs in a flat array, copied on write. Immutable. */
final class Attributes {

    static final Attributes EMPTY = new Attributes(new Object[0]);

    private final Object[] pairs; // key0, value0, key1, value1, ...

    private Attributes(Object[] pairs) {
        this.pairs = pairs;
    }

    /** These attributes with {@code key} set to {@code value}, replacing an earlier value of the same key. */
    <T> Attributes with(Request.Key<T> key, T value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i] == key) {
                Object[] changed = pairs.clone();
                changed[i + 1] = value;
                return new Attributes(changed);
            }
        }
        Object[] more = Arrays.copyOf(pairs, pairs.length + 2);
        more[pairs.length] = key;
        more[pairs.length + 1] = value;
        return new Attributes(more);
    }

    @SuppressWarnings("unchecked") // with() stores only a T under a Key<T>
    <T> Optional<T> get(Request.Key<T> key) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i] == key) {
                return Optional.of((T) pairs[i + 1]);
            }
        }
        return Optional.empty();
    }
}
