package dev.loopline.server.internal;

import java.time.Duration;

/** The checks {@link dev.loopline.server.ServerConfig}'s builder runs on each value; messages name the field. */
public final class ConfigRules {

    private ConfigRules() {
    }

    /** Throws {@link IllegalArgumentException} naming {@code field}, {@code rule} and {@code value} unless ok. */
    public static void require(boolean ok, String field, String rule, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("ServerConfig." + field + " " + rule + " (was " + value + ")");
        }
    }

    /** {@code value} when it is from {@code min} to {@code max}; the message is built only for a bad value. */
    public static int range(int value, int min, int max, String field) {
        if (value < min || value > max) { // no string concatenation on the good path: its first use costs start-up
            require(false, field, "must be " + min + ".." + max, value);
        }
        return value;
    }

    /** {@code value} when it is at least {@code min}; the message is built only for a bad value. */
    public static int atLeast(int value, int min, String field) {
        if (value < min) {
            require(false, field, "must be >= " + min, value);
        }
        return value;
    }

    public static Duration positive(Duration value, String field) {
        require(value != null && !value.isNegative() && !value.isZero(), field, "must be a positive duration",
                value);
        return value;
    }

    public static Duration notNegative(Duration value, String field) {
        require(value != null && !value.isNegative(), field, "must not be negative", value);
        return value;
    }
}
