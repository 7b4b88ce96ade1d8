package dev.loopline.server.internal.files;

/**
 * Reads a {@code Range} header (RFC 9110 section 14.1.2) for a representation of a known size: one byte range,
 * {@code first-last}, {@code first-} or {@code -suffixLength}.
 */
final class Ranges {

    /** The answer for a range that selects nothing of the file: 416. */
    static final long[] UNSATISFIABLE = new long[0];

    private Ranges() {
    }

    /**
     * The one range {@code header} asks for, as {@code {first, last}} (inclusive, clipped to the file);
     * {@link #UNSATISFIABLE} when it selects nothing; null when the header is to be ignored and the whole file sent:
     * not a {@code bytes} range, malformed (RFC 9110 says ignore), or several ranges (this server's single-range
     * policy).
     */
    static long[] single(String header, long size) {
        String value = header.trim();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String spec = value.substring(6).trim();
        if (spec.indexOf(',') >= 0) {
            return null; // several ranges: the whole file
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String firstText = spec.substring(0, dash).trim();
        String lastText = spec.substring(dash + 1).trim();
        long first;
        long last;
        if (firstText.isEmpty()) { // a suffix: the last N bytes
            long suffix = number(lastText);
            if (suffix < 0) {
                return null;
            }
            if (suffix == 0 || size == 0) {
                return UNSATISFIABLE;
            }
            first = Math.max(0, size - suffix);
            last = size - 1;
        } else {
            first = number(firstText);
            last = lastText.isEmpty() ? Long.MAX_VALUE : number(lastText);
            if (first < 0 || last < 0 || last < first) {
                return null;
            }
            if (first >= size) {
                return UNSATISFIABLE;
            }
            last = Math.min(last, size - 1);
        }
        return new long[] {first, last};
    }

    /** A decimal number of at most 18 digits, or -1. */
    private static long number(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(text);
    }
}
