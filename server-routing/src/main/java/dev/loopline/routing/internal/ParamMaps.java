package dev.loopline.routing.internal;

import java.util.Map;

/** Immutable parameter maps of the smallest kind: {@code Map.of} holds one pair without an array. */
final class ParamMaps {

    private ParamMaps() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> of(String[] names, String[] values) {
        switch (names.length) {
            case 0: return Map.of();
            case 1: return Map.of(names[0], values[0]);
            case 2: return Map.of(names[0], values[0], names[1], values[1]);
            case 3: return Map.of(names[0], values[0], names[1], values[1], names[2], values[2]);
            default:
                Map.Entry<String, String>[] entries = new Map.Entry[names.length];
                for (int i = 0; i < names.length; i++) {
                    entries[i] = Map.entry(names[i], values[i]);
                }
                return Map.ofEntries(entries);
        }
    }
}
