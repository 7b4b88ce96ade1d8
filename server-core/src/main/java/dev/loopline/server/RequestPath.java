package dev.loopline.server;

import dev.loopline.server.internal.CanonicalPath;

/**
 * Request paths in their canonical form (RFC 3986 section 6.2.2), the form {@link Request#path()} returns and a
 * router matches: percent-encoded unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) decoded, everything else that
 * is encoded kept encoded with upper-case hex ({@code %2F} stays inside its segment, {@code %00} is never a NUL),
 * and no dot segment ({@code .} or {@code ..}, raw or encoded), which is refused rather than resolved. {@code ;} is
 * an ordinary character: matrix parameters are not interpreted. So {@code /%61dmin/x} is {@code /admin/x}, while
 * {@code /admin%2Fx}, {@code //admin/x} and {@code /admin;v=1/x} are other paths.
 */
public final class RequestPath {

    private RequestPath() {
    }

    /**
     * The canonical form of {@code rawPath}, a path as sent (starting with {@code /}, without the query).
     *
     * @throws HttpStatusException 400 naming the rule the path breaks (a dot segment, a bad escape or character)
     */
    public static String canonical(String rawPath) {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            throw new HttpStatusException(400, "a path starts with '/' (was \""
                    + (rawPath.length() <= 100 ? rawPath : rawPath.substring(0, 100) + "...") + "\")");
        }
        return CanonicalPath.of(rawPath, 0, rawPath.length());
    }

    /** One segment's decoded text (a route pattern's {@code café}) in canonical form ({@code caf%C3%A9}). */
    public static String encodeSegment(String text) {
        return CanonicalPath.encodeSegment(text);
    }

    /**
     * Decodes canonical path text, such as one segment (a path parameter's value), as UTF-8; {@code +} stays a plus.
     *
     * @throws HttpStatusException 400 for invalid UTF-8 or an encoded NUL ({@code %00})
     */
    public static String decode(String canonicalText) {
        return CanonicalPath.decode(canonicalText);
    }
}
