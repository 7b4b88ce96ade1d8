package dev.loopline.routing.internal;

import dev.loopline.server.HttpStatusException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding of request paths, one segment at a time so that {@code %2F} stays inside its segment. Bad
 * input (a malformed escape, invalid UTF-8, a dot segment) is a 400 whose detail names the segment.
 */
public final class PathDecoder {

    private static final int MAX_ECHOED_CHARS = 100;

    private PathDecoder() {
    }

    /**
     * Checks a raw path before it is matched: every escape well-formed and valid UTF-8, and no {@code .} or
     * {@code ..} segment (raw or encoded), which would make {@code /a/../b} and {@code /b} two different routes,
     * nor such a piece inside a segment by way of an encoded slash ({@code ..%2F..%2Fetc}: path traversal).
     *
     * @return whether the path holds any escape, so segments need decoding
     * @throws HttpStatusException 400 naming the bad segment
     */
    public static boolean check(String path) {
        boolean encoded = path.indexOf('%') >= 0;
        if (!encoded && path.indexOf("/.") < 0) {
            return false; // the common case: two scans, no allocation
        }
        int nextEscape = encoded ? path.indexOf('%') : -1;
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            boolean dot;
            if (nextEscape >= 0 && nextEscape < end) {
                dot = hasDotPiece(decode(path, start, end));
                nextEscape = path.indexOf('%', end);
            } else {
                dot = isDotSegment(path, start, end);
            }
            if (dot) {
                throw new HttpStatusException(400, "path segment \"" + echo(path, start, end)
                        + "\" is not allowed: dot segments are ambiguous, send the resolved path");
            }
            start = end + 1;
        }
        return encoded;
    }

    private static boolean isDotSegment(String path, int start, int end) {
        int length = end - start;
        return length == 1 && path.charAt(start) == '.'
                || length == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.';
    }

    /**
     * A decoded segment with a {@code .} or {@code ..} piece between its (encoded) slashes: {@code ..%2F..%2Fetc}
     * decodes to {@code ../../etc}, which a handler joining it to a directory would follow out of it.
     */
    private static boolean hasDotPiece(String segment) {
        int start = 0;
        while (start <= segment.length()) {
            int end = segment.indexOf('/', start);
            if (end < 0) {
                end = segment.length();
            }
            if (isDotSegment(segment, start, end)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** Decodes the rest of a path (a tail wildcard's value); its escapes were checked by {@link #check}. */
    static String decodeRest(String rest) {
        return decode(rest, 0, rest.length());
    }

    /** Decodes {@code path[start, end)}. */
    public static String decode(String path, int start, int end) {
        int firstEscape = path.indexOf('%', start);
        if (firstEscape < 0 || firstEscape >= end) {
            return path.substring(start, end);
        }
        ByteBuffer bytes = ByteBuffer.allocate(end - start);
        for (int i = start; i < end; i++) {
            char c = path.charAt(i);
            if (c == '%') {
                int high = i + 2 < end ? Character.digit(path.charAt(i + 1), 16) : -1;
                int low = high >= 0 ? Character.digit(path.charAt(i + 2), 16) : -1;
                if (low < 0) {
                    throw new HttpStatusException(400, "malformed percent-encoding \""
                            + path.substring(i, Math.min(end, i + 3)) + "\" in path segment \""
                            + echo(path, start, end) + "\"");
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            } else if (c < 0x80) {
                bytes.put((byte) c);
            } else {
                throw new HttpStatusException(400, "non-ASCII character in path segment \"" + echo(path, start, end)
                        + "\" (percent-encode it as UTF-8)");
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
            throw new HttpStatusException(400, "path segment \"" + echo(path, start, end)
                    + "\" is not valid UTF-8 after percent-decoding");
        }
    }

    private static String echo(String path, int start, int end) {
        return end - start <= MAX_ECHOED_CHARS ? path.substring(start, end)
                : path.substring(start, start + MAX_ECHOED_CHARS) + "...";
    }
}
