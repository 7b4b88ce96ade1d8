package dev.loopline.server.internal;

import java.time.Duration;

/** The checks {@link dev.loopline.server.ServerConfig}'s builder runs on each value; messages name the field. */
public final class ConfigRules {

    private ConfigRules() {
    }

    public static void require(boolean ok, String field, String rule, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("ServerConfig." + field + " " + rule + " (was " + value + ")");
        }
    }

    public static int range(int value, int min, int max, String field) {
        require(value >= min && value <= max, field, "must be " + min + ".." + max, value);
        return value;
    }

    public static int atLeast(int value, int min, String field) {
        require(value >= min, field, "must be >= " + min, value);
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
