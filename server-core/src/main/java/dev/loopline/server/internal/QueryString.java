package dev.loopline.server.internal;

import dev.loopline.server.HttpStatusException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses and percent-decodes query strings and path segments; bad input is a 400 naming what was wrong. */
public final class QueryString {

    private static final int MAX_PARAMETERS = 1024;

    private QueryString() {
    }

    /** {@code a=1&b=2&a=3} to {a=[1, 3], b=[2]}; {@code +} is a space, as in HTML forms. */
    public static Map<String, List<String>> parse(String rawQuery) {
        if (rawQuery.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        int count = 0;
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            if (end > start) {
                if (++count > MAX_PARAMETERS) {
                    throw new HttpStatusException(400, "query string has more than " + MAX_PARAMETERS + " parameters");
                }
                int equals = rawQuery.indexOf('=', start);
                String name;
                String value;
                if (equals < 0 || equals > end) {
                    name = decode(rawQuery, start, end, true, "query parameter name");
                    value = "";
                } else {
                    name = decode(rawQuery, start, equals, true, "query parameter name");
                    value = decode(rawQuery, equals + 1, end, true, "query parameter " + name);
                }
                params.computeIfAbsent(name, key -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        params.replaceAll((name, values) -> Collections.unmodifiableList(values));
        return Collections.unmodifiableMap(params);
    }

    /** Percent-decodes one path segment; {@code %2F} stays inside the segment as {@code /}. */
    public static String decodeSegment(String segment) {
        return decode(segment, 0, segment.length(), false, "path segment");
    }

    /**
     * Decodes {@code text[start, end)}: {@code %XX} escapes as UTF-8, and {@code +} as a space when
     * {@code plusIsSpace}. Rejects bad escapes and invalid UTF-8 with 400 naming {@code what}.
     */
    static String decode(String text, int start, int end, boolean plusIsSpace, String what) {
        int firstSpecial = -1;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '%' || (plusIsSpace && c == '+')) {
                firstSpecial = i;
                break;
            }
        }
        if (firstSpecial < 0) {
            return text.substring(start, end);
        }
        ByteBuffer bytes = ByteBuffer.allocate(end - start);
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int high = i + 2 < end ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = high >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (low < 0) {
                    String escape = text.substring(i, Math.min(end, i + 3));
                    throw new HttpStatusException(400, "malformed percent-encoding \"" + escape + "\" in " + what);
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.put((byte) ' ');
            } else if (c < 0x80) {
                bytes.put((byte) c);
            } else {
                throw new HttpStatusException(400, "non-ASCII character in " + what + " (percent-encode it)");
            }
        }
        bytes.flip();
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new HttpStatusException(400, what + " is not valid UTF-8 after percent-decoding");
        }
    }
}
