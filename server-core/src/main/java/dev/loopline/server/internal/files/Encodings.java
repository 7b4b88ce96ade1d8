package dev.loopline.server.internal.files;

import java.util.Locale;

/**
 * Reads {@code Accept-Encoding} (RFC 9110 section 12.5.3): the quality a client gives a content coding, from an
 * exact entry, else from {@code *}; 0 means "not acceptable". A malformed entry counts as absent.
 */
public final class Encodings {

    private Encodings() {
    }

    /** The quality, 0 to 1, that {@code acceptEncoding} gives {@code coding}; 0 when the header is absent. */
    public static double quality(String acceptEncoding, String coding) {
        if (acceptEncoding == null) {
            return 0;
        }
        double wildcard = -1;
        for (String entry : acceptEncoding.split(",")) {
            String[] parts = entry.split(";");
            String name = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim();
                if (parameter.regionMatches(true, 0, "q=", 0, 2)) {
                    try {
                        q = Double.parseDouble(parameter.substring(2).trim());
                    } catch (NumberFormatException malformed) {
                        q = -1;
                    }
                }
            }
            if (q < 0 || q > 1) {
                continue;
            }
            if (name.equals(coding)) {
                return q;
            }
            if (name.equals("*")) {
                wildcard = q;
            }
        }
        return Math.max(wildcard, 0);
    }

    /**
     * Of {@code available} (in the server's order of preference), the coding the client rates highest; the earlier
     * one wins a tie; null when none is acceptable.
     */
    public static String best(String acceptEncoding, String... available) {
        String best = null;
        double bestQuality = 0;
        for (String coding : available) {
            double q = quality(acceptEncoding, coding);
            if (q > bestQuality) {
                best = coding;
                bestQuality = q;
            }
        }
        return best;
    }
}
