package dev.loopline.server.internal;

import dev.loopline.server.HttpStatusException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one canonical form of a request path (RFC 3986 section 6.2.2), computed once by the server; everything that
 * looks at a path (router, filters, logs, metrics) sees this form. Percent-encoded unreserved characters
 * ({@code ALPHA DIGIT - . _ ~}) are decoded; everything else that is encoded stays encoded, with upper-case hex,
 * so {@code %2F} never becomes a separator, {@code %25} never a second escape and {@code %00} never a NUL. A dot
 * segment ({@code .} or {@code ..}, raw or encoded), also one hidden between encoded slashes
 * ({@code ..%2F..%2Fetc}), is refused rather than resolved: resolving would make two spellings of one resource.
 * {@code ;} is an ordinary path character: matrix parameters are not interpreted.
 */
public final class CanonicalPath {

    private static final int MAX_ECHOED_CHARS = 100;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final boolean[] UNRESERVED = new boolean[128];
    private static final boolean[] SEGMENT_CHAR = new boolean[128]; // RFC 3986 pchar without pct-encoded
    private static final boolean[] PLAIN_PATH_CHAR = new boolean[128]; // a segment character or '/'

    static {
        String unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
        for (char c : unreserved.toCharArray()) {
            UNRESERVED[c] = true;
        }
        for (char c : (unreserved + "!$&'()*+,;=:@").toCharArray()) {
            SEGMENT_CHAR[c] = true;
            PLAIN_PATH_CHAR[c] = true;
        }
        PLAIN_PATH_CHAR['/'] = true;
    }

    private CanonicalPath() {
    }

    /**
     * The canonical form of {@code text[start, end)}, a path that starts with {@code /}. Allocates nothing when the
     * path is already canonical and is the whole of {@code text}.
     *
     * @throws HttpStatusException 400 naming the rule the path breaks
     */
    public static String of(String text, int start, int end) {
        int escape = text.indexOf('%', start);
        int dot = text.indexOf("/.", start);
        if ((escape < 0 || escape >= end) && (dot < 0 || dot >= end - 1)) { // the common case: nothing to decode,
            for (int i = start; i < end; i++) {                              // no dot segment possible
                char c = text.charAt(i);
                if (c >= 128 || !PLAIN_PATH_CHAR[c]) {
                    throw bad(String.format("invalid character 0x%02x in the path at index %d (RFC 3986 section"
                            + " 3.3)", (int) c, i));
                }
            }
            return start == 0 && end == text.length() ? text : text.substring(start, end);
        }
        boolean rewrite = false;
        int segmentStart = start;
        int pieceLength = 0; // decoded characters since the last slash, raw or encoded
        boolean pieceIsDots = true;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            char decoded;
            if (c == '%') {
                int high = i + 2 < end ? hexValue(text.charAt(i + 1)) : -1;
                int low = high >= 0 ? hexValue(text.charAt(i + 2)) : -1;
                if (low < 0) {
                    throw bad("malformed percent-encoding \"" + text.substring(i, Math.min(end, i + 3))
                            + "\" in path segment \"" + segment(text, segmentStart, end) + "\" (RFC 3986 section 2.1)");
                }
                int value = high << 4 | low;
                boolean unreserved = value < 128 && UNRESERVED[value];
                rewrite |= unreserved || isLowerHex(text.charAt(i + 1)) || isLowerHex(text.charAt(i + 2));
                i += 2;
                if (value == '/') { // stays encoded, but ".." between encoded slashes is still a way out
                    checkPiece(pieceLength, pieceIsDots, text, segmentStart, end);
                    pieceLength = 0;
                    pieceIsDots = true;
                    continue;
                }
                decoded = unreserved ? (char) value : '%';
            } else if (c == '/') {
                checkPiece(pieceLength, pieceIsDots, text, segmentStart, end);
                pieceLength = 0;
                pieceIsDots = true;
                segmentStart = i + 1;
                continue;
            } else if (c < 128 && SEGMENT_CHAR[c]) {
                decoded = c;
            } else {
                throw bad(String.format("invalid character 0x%02x in the path at index %d (RFC 3986 section 3.3)",
                        (int) c, i));
            }
            pieceLength++;
            pieceIsDots &= decoded == '.';
        }
        checkPiece(pieceLength, pieceIsDots, text, segmentStart, end);
        if (rewrite) {
            return rewrite(text, start, end);
        }
        return start == 0 && end == text.length() ? text : text.substring(start, end);
    }

    /** Percent-encodes decoded segment text (a route pattern's static segment) into the canonical form. */
    public static String encodeSegment(String text) {
        StringBuilder encoded = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 128 || !SEGMENT_CHAR[c]) {
                encoded = new StringBuilder(text.length() + 16).append(text, 0, i);
                for (byte b : text.substring(i).getBytes(StandardCharsets.UTF_8)) {
                    int value = b & 0xff;
                    if (value < 128 && SEGMENT_CHAR[value]) {
                        encoded.append((char) value);
                    } else {
                        encoded.append('%').append(HEX[value >> 4]).append(HEX[value & 0xf]);
                    }
                }
                break;
            }
        }
        return encoded == null ? text : encoded.toString();
    }

    /**
     * Percent-decodes canonical path text (a path parameter's value) as UTF-8; {@code +} stays a plus.
     *
     * @throws HttpStatusException 400 for a malformed escape, invalid UTF-8, or an encoded NUL
     */
    public static String decode(String text) {
        int firstEscape = text.indexOf('%');
        if (firstEscape < 0) {
            return text;
        }
        ByteBuffer bytes = ByteBuffer.allocate(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int high = i + 2 < text.length() ? hexValue(text.charAt(i + 1)) : -1;
                int low = high >= 0 ? hexValue(text.charAt(i + 2)) : -1;
                if (low < 0) {
                    throw bad("malformed percent-encoding \"" + text.substring(i, Math.min(text.length(), i + 3))
                            + "\" in path segment \"" + echo(text) + "\"");
                }
                if (high == 0 && low == 0) {
                    throw bad("path segment \"" + echo(text) + "\" holds %00: a NUL is never part of a path");
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            } else if (c < 128) {
                bytes.put((byte) c);
            } else {
                throw bad("non-ASCII character in path segment \"" + echo(text) + "\" (percent-encode it as UTF-8)");
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw bad("path segment \"" + echo(text) + "\" is not valid UTF-8 after percent-decoding");
        }
    }

    private static void checkPiece(int length, boolean dots, String text, int segmentStart, int end) {
        if (dots && (length == 1 || length == 2)) {
            throw bad("path segment \"" + segment(text, segmentStart, end) + "\" is not allowed: dot segments are"
                    + " ambiguous, send the resolved path (RFC 3986 section 6.2.2)");
        }
    }

    private static String rewrite(String text, int start, int end) {
        StringBuilder canonical = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c != '%') {
                canonical.append(c);
                continue;
            }
            int value = hexValue(text.charAt(i + 1)) << 4 | hexValue(text.charAt(i + 2));
            if (value < 128 && UNRESERVED[value]) {
                canonical.append((char) value);
            } else {
                canonical.append('%').append(HEX[value >> 4]).append(HEX[value & 0xf]);
            }
            i += 2;
        }
        return canonical.toString();
    }

    /** The raw segment starting at {@code start}, for error details. */
    private static String segment(String text, int start, int end) {
        int slash = text.indexOf('/', start);
        return echo(text.substring(start, slash < 0 || slash > end ? end : slash));
    }

    private static String echo(String text) {
        return text.length() <= MAX_ECHOED_CHARS ? text : text.substring(0, MAX_ECHOED_CHARS) + "...";
    }

    /** The value of an ASCII hex digit, or -1 (never a Unicode digit: {@link Character#digit} takes those). */
    static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    private static boolean isLowerHex(char c) {
        return c >= 'a' && c <= 'f';
    }

    private static HttpStatusException bad(String detail) {
        return new HttpStatusException(400, detail);
    }
}
