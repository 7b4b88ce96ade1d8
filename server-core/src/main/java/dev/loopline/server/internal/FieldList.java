package dev.loopline.server.internal;

import dev.loopline.server.Headers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/** Immutable, validated header fields kept as a flat name/value array; small lists are scanned, not hashed. */
public final class FieldList implements Headers {

    public static final FieldList EMPTY = new FieldList(new String[0]);

    private final String[] fields; // name0, value0, name1, value1, ...

    private FieldList(String[] fields) {
        this.fields = fields;
    }

    /** A list with {@code name} set to {@code value}: earlier values of {@code name} are dropped. */
    public FieldList with(String name, String value) {
        return without(name).plus(name, value);
    }

    /**
     * A list with one more line {@code name: value}.
     *
     * @throws IllegalArgumentException for an invalid field, or a second {@code Content-Type}
     */
    public FieldList plus(String name, String value) {
        FieldRules.checkResponseField(name, value);
        if (name.equalsIgnoreCase("Content-Type") && contains(name)) {
            throw new IllegalArgumentException("a response has one Content-Type (RFC 9110 section 8.3); use"
                    + " withHeader to replace it");
        }
        String[] more = Arrays.copyOf(fields, fields.length + 2);
        more[fields.length] = name;
        more[fields.length + 1] = value;
        return new FieldList(more);
    }

    public FieldList without(String name) {
        if (!contains(name)) {
            return this;
        }
        List<String> kept = new ArrayList<>(fields.length);
        for (int i = 0; i < fields.length; i += 2) {
            if (!fields[i].equalsIgnoreCase(name)) {
                kept.add(fields[i]);
                kept.add(fields[i + 1]);
            }
        }
        return new FieldList(kept.toArray(new String[0]));
    }

    /** Number of name/value pairs; {@link #name(int)} and {@link #value(int)} index them. */
    public int count() {
        return fields.length / 2;
    }

    public String name(int index) {
        return fields[2 * index];
    }

    public String value(int index) {
        return fields[2 * index + 1];
    }

    @Override
    public Optional<String> firstValue(String name) {
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                return Optional.of(fields[i + 1]);
            }
        }
        return Optional.empty();
    }

    @Override
    public List<String> allValues(String name) {
        List<String> values = new ArrayList<>(2);
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                values.add(fields[i + 1]);
            }
        }
        return Collections.unmodifiableList(values);
    }

    @Override
    public boolean contains(String name) {
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < fields.length; i += 2) {
            names.add(fields[i].toLowerCase(Locale.ROOT));
        }
        return Collections.unmodifiableSet(names);
    }

    @Override
    public int size() {
        return count();
    }

    @Override
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < fields.length; i += 2) {
            action.accept(fields[i], fields[i + 1]);
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        forEach((name, value) -> text.append(text.length() > 1 ? ", " : "").append(name).append(": ").append(value));
        return text.append('}').toString();
    }
}
