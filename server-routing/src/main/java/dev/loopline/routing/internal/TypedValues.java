package dev.loopline.routing.internal;

import dev.loopline.server.HttpStatusException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Parses parameter text into typed values; a value that does not parse is a 400 naming the parameter and it. */
public final class TypedValues {

    private static final int MAX_ECHOED_CHARS = 100;

    private TypedValues() {
    }

    /** @param what the parameter, for the error detail: {@code path parameter "id"} */
    public static long parseLong(String what, String text) {
        return parseInteger(what, text, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public static int parseInt(String what, String text) {
        return (int) parseInteger(what, text, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    private static long parseInteger(String what, String text, long min, long max) {
        if (!isInteger(text)) {
            throw bad(what, "must be an integer", text);
        }
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException tooLong) {
            // digits only, so it is out of range: said below
        }
        throw bad(what, "must be an integer from " + min + " to " + max, text);
    }

    private static boolean isInteger(String text) {
        int start = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
        if (text.length() == start) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Only the canonical 8-4-4-4-12 form in ASCII hex: {@link UUID#fromString} also takes {@code 1-2-3-4-5}, and it
     * (like {@link Character#digit}) takes any Unicode digit, so {@code U+0663} would read as 3.
     */
    public static UUID parseUuid(String what, String text) {
        if (text.length() != 36) {
            throw bad(what, "must be a UUID like 123e4567-e89b-12d3-a456-426614174000", text);
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !isAsciiHex(c)) {
                throw bad(what, "must be a UUID like 123e4567-e89b-12d3-a456-426614174000", text);
            }
        }
        return UUID.fromString(text);
    }

    private static boolean isAsciiHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** {@code true} or {@code false}, in any case. */
    public static boolean parseBoolean(String what, String text) {
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw bad(what, "must be true or false", text);
    }

    /** A constant's name, exact or else ignoring case. */
    public static <E extends Enum<E>> E parseEnum(String what, String text, Class<E> type) {
        E[] constants = type.getEnumConstants();
        for (E constant : constants) {
            if (constant.name().equals(text)) {
                return constant;
            }
        }
        for (E constant : constants) {
            if (constant.name().equalsIgnoreCase(text)) {
                return constant;
            }
        }
        List<String> names = new ArrayList<>(constants.length);
        for (E constant : constants) {
            names.add(constant.name());
        }
        throw bad(what, "must be one of " + names, text);
    }

    private static HttpStatusException bad(String what, String rule, String text) {
        String echoed = text.length() <= MAX_ECHOED_CHARS ? text : text.substring(0, MAX_ECHOED_CHARS) + "...";
        return new HttpStatusException(400, what + " " + rule + ", was \"" + echoed + "\"");
    }
}
