package dev.loopline.routing.internal;

import java.util.Map;

/** Parameter maps for patterns with more parameters than {@code PathPattern.extract} keeps in locals. */
final class ParamMaps {

    private ParamMaps() {
    }

    /** An immutable map of {@code names[i]} to {@code values[i]}, for patterns with many parameters. */
    @SuppressWarnings("unchecked")
    static Map<String, String> of(String[] names, String[] values) {
        Map.Entry<String, String>[] entries = new Map.Entry[names.length];
        for (int i = 0; i < names.length; i++) {
            entries[i] = Map.entry(names[i], values[i]);
        }
        return Map.ofEntries(entries);
    }
}
