package dev.loopline.server.internal;

import dev.loopline.server.HttpStatusException;

/**
 * Parses a request-target once (RFC 9112 section 3.2, RFC 3986 section 3) into the parts a request exposes: the
 * canonical path ({@link CanonicalPath}), the raw query, and for the absolute-form the authority, which is then the
 * request's authority whatever {@code Host} says (RFC 9112 section 3.2.2). The four forms: origin
 * ({@code /a?b}), absolute ({@code http://h/a?b}, http and https only), authority ({@code host:port}, CONNECT only)
 * and asterisk ({@code *}, OPTIONS only). A fragment is never part of a request-target.
 *
 * <p>One parser serves every request of a connection, so that parsing allocates nothing but the path and query
 * strings (none for an already canonical origin-form target without a query): it holds the parts of the target it
 * parsed last, until the request built from them has copied them. Owned by the connection's loop.
 */
final class RequestTarget {

    private static final boolean[] QUERY_CHAR = new boolean[128]; // RFC 3986 query without pct-encoded

    static {
        for (char c : ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?")
                .toCharArray()) {
            QUERY_CHAR[c] = true;
        }
    }

    private String raw;
    private String path;
    private String rawQuery;
    private String authority; // null unless absolute-form

    /**
     * Parses {@code target}, the request-target of a {@code method} request.
     *
     * @throws HttpStatusException 400 naming the rule the target breaks
     */
    void parse(String method, String target) {
        raw = target;
        authority = null;
        if (target.isEmpty()) {
            throw bad("the request-target is empty (RFC 9112 section 3.2)");
        }
        if (target.indexOf('#') >= 0) {
            throw bad("a fragment ('#') is never part of a request-target (RFC 9112 section 3.2)");
        }
        if (target.charAt(0) == '/') {
            pathAndQuery(target, 0);
            return;
        }
        if (target.equals("*")) {
            if (!method.equals("OPTIONS")) {
                throw bad("the asterisk-form request-target \"*\" is only allowed with OPTIONS (RFC 9112 section 3.2.4)");
            }
            path = "*";
            rawQuery = "";
            return;
        }
        int colon = schemeEnd(target);
        boolean http = colon == 4 && target.regionMatches(true, 0, "http", 0, 4)
                || colon == 5 && target.regionMatches(true, 0, "https", 0, 5);
        if (http && target.startsWith("//", colon + 1)) {
            absoluteForm(target, colon + 3);
            return;
        }
        if (http) {
            throw bad("an absolute http(s) request-target needs an authority, as in http://host/path (RFC 9110 section"
                    + " 4.2.1)");
        }
        if (isAuthorityForm(target)) {
            throw bad("the authority-form request-target (host:port) is only allowed with CONNECT (RFC 9112 section"
                    + " 3.2.3)");
        }
        if (colon > 0) {
            throw bad("the absolute-form request-target has scheme \"" + echo(target.substring(0, colon))
                    + "\"; only http and https are served (RFC 9112 section 3.2.2)");
        }
        throw bad("the request-target must start with '/' (RFC 9112 section 3.2.1)");
    }

    /** The target exactly as sent. */
    String raw() {
        return raw;
    }

    /** The canonical path; {@code /} for an absolute-form target with an empty path; {@code *} for OPTIONS *. */
    String path() {
        return path;
    }

    /** The query after {@code ?}, still encoded; empty when there is none. */
    String rawQuery() {
        return rawQuery;
    }

    /** The authority of an absolute-form target ({@code host[:port]}); null for every other form. */
    String authority() {
        return authority;
    }

    private void absoluteForm(String target, int authorityStart) {
        int authorityEnd = authorityStart;
        while (authorityEnd < target.length() && target.charAt(authorityEnd) != '/'
                && target.charAt(authorityEnd) != '?') {
            authorityEnd++;
        }
        String candidate = target.substring(authorityStart, authorityEnd);
        if (candidate.indexOf('@') >= 0) {
            throw bad("userinfo (user@) is not allowed in an http(s) request-target (RFC 9110 section 4.2.4)");
        }
        if (candidate.isEmpty() || !RequestValidator.isValidHost(candidate)) {
            throw bad("invalid authority \"" + echo(candidate) + "\" in the absolute-form request-target (RFC 9110"
                    + " section 4.2.1)");
        }
        pathAndQuery(target, authorityEnd);
        authority = candidate;
    }

    private void pathAndQuery(String target, int pathStart) {
        int query = target.indexOf('?', pathStart);
        int pathEnd = query < 0 ? target.length() : query;
        path = pathEnd == pathStart ? "/" : CanonicalPath.of(target, pathStart, pathEnd);
        rawQuery = query < 0 ? "" : query(target, query + 1);
    }

    private static String query(String target, int start) {
        for (int i = start; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '%') {
                if (i + 2 >= target.length() || CanonicalPath.hexValue(target.charAt(i + 1)) < 0
                        || CanonicalPath.hexValue(target.charAt(i + 2)) < 0) {
                    throw bad("malformed percent-encoding in the query at index " + i + " (RFC 3986 section 2.1)");
                }
            } else if (c >= 128 || !QUERY_CHAR[c]) {
                throw bad(String.format("invalid character 0x%02x in the query at index %d (RFC 3986 section 3.4)",
                        (int) c, i));
            }
        }
        return target.substring(start);
    }

    /** The index of the colon after a syntactically valid scheme ({@code ALPHA *( ALPHA / DIGIT / + / - / . )}). */
    private static int schemeEnd(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            boolean alpha = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
            if (c == ':') {
                return i > 0 ? i : -1;
            }
            if (!(alpha || i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'))) {
                return -1;
            }
        }
        return -1;
    }

    /** {@code host:port}: what a CONNECT request names. */
    private static boolean isAuthorityForm(String target) {
        int colon = target.lastIndexOf(':');
        if (colon <= 0 || colon == target.length() - 1 || target.indexOf('/') >= 0) {
            return false;
        }
        for (int i = colon + 1; i < target.length(); i++) {
            if (target.charAt(i) < '0' || target.charAt(i) > '9') {
                return false;
            }
        }
        return RequestValidator.isValidHost(target);
    }

    private static String echo(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }

    private static HttpStatusException bad(String detail) {
        return new HttpStatusException(400, detail);
    }
}
