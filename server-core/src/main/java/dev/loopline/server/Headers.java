package dev.loopline.server;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/** Immutable HTTP header fields; names compare case-insensitively. Modelled on {@code java.net.http.HttpHeaders}. */
public interface Headers {

    /** The first value of {@code name}, if the field is present. */
    Optional<String> firstValue(String name);

    /** Every value of {@code name} in the order received; empty when the field is absent. */
    List<String> allValues(String name);

    /** Whether the field {@code name} is present. */
    boolean contains(String name);

    /** The distinct field names, lower-cased. */
    Set<String> names();

    /** Number of field lines (a name sent twice counts twice). */
    int size();

    /** Visits every field line in order. */
    void forEach(BiConsumer<String, String> action);
}
