package dev.loopline.server.internal;

import dev.loopline.server.HttpStatusException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/**
 * The RFC 9112 / RFC 9110 rules that Netty's decoder leaves to the server: protocol version, the request-target
 * (parsed by {@link RequestTarget}), {@code Host}, and transfer codings other than chunked. (Netty itself rejects bad tokens,
 * bad field syntax, whitespace before a colon, bad or repeated {@code Content-Length}, {@code Content-Length}
 * with {@code Transfer-Encoding}, and a final transfer coding other than chunked.)
 */
final class RequestValidator {

    /** A request the server refuses before any handler sees it. */
    record Rejection(int status, String detail) {
    }

    // RFC 3986 host: reg-name or IP-literal, then an optional port
    private static final boolean[] HOST_CHAR = new boolean[128];

    static {
        String unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
        String subDelims = "!$&'()*+,;=";
        for (char c : (unreserved + subDelims + ":[]%").toCharArray()) {
            HOST_CHAR[c] = true;
        }
    }

    private RequestValidator() {
    }

    /**
     * Null when the head may be handed to a handler (then {@code target} holds its parsed request-target);
     * otherwise the status and the reason.
     */
    static Rejection check(HttpRequest request, RequestTarget target) {
        HttpVersion version = request.protocolVersion();
        if (version.majorVersion() != 1 && version != Http2Head.HTTP_2) {
            return new Rejection(505, "protocol " + version.text() + " is not supported; this server speaks HTTP/1.1"
                    + " (RFC 9110 section 15.6.6)");
        }
        String method = request.method().name();
        if (method.equals("CONNECT")) {
            return new Rejection(501, "CONNECT is not supported: this server is not a proxy (RFC 9110 section 9.3.6)");
        }
        try {
            target.parse(method, request.uri());
        } catch (HttpStatusException badTarget) {
            return new Rejection(badTarget.status(), badTarget.detail());
        }
        // a list only when there is a Transfer-Encoding at all: most requests have none (no allocation for them)
        List<String> codings = request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
                ? request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING) : List.of();
        if (!codings.isEmpty() && (codings.size() > 1 || !codings.get(0).trim().equalsIgnoreCase("chunked"))) {
            // Netty only checks that chunked comes last; the body of e.g. "gzip, chunked" would reach the handler
            // still gzip-coded (RFC 9112 section 6.1: a coding the server does not understand SHOULD get 501).
            return new Rejection(501, "transfer coding \"" + String.join(", ", codings)
                    + "\" is not supported; only chunked is (RFC 9112 section 6.1)");
        }
        String host = request.headers().get(HttpHeaderNames.HOST); // the first; a second one is looked for below
        if (host != null && hasSecond(request.headers(), HttpHeaderNames.HOST)) {
            return new Rejection(400, "more than one Host header (RFC 9112 section 3.2)");
        }
        if (host == null) {
            if (version.minorVersion() >= 1) {
                return new Rejection(400, "missing Host header, required in HTTP/1.1 (RFC 9112 section 3.2)");
            }
        } else if (!isValidHost(host)) {
            return new Rejection(400, "invalid Host header: it must be host[:port] (RFC 9110 section 7.2)");
        } else if (host.isEmpty() && target.authority() == null && version.minorVersion() >= 1) {
            // an empty Host is for a URI without an authority; an http(s) URI has one (absolute-form: Host ignored)
            return new Rejection(400, "empty Host header: the request must name the host it is for (RFC 9112"
                    + " section 3.2)");
        }
        return null;
    }

    /** Whether {@code name} occurs more than once, without building the list of its values. */
    private static boolean hasSecond(HttpHeaders headers, CharSequence name) {
        java.util.Iterator<? extends CharSequence> values = headers.valueCharSequenceIterator(name);
        values.next();
        return values.hasNext();
    }

    /** True for an RFC 3986 host (reg-name or IP-literal) with an optional numeric port, and no userinfo. */
    static boolean isValidHost(String host) {
        int length = host.length();
        if (length > 255) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = host.charAt(i);
            if (c >= 128 || !HOST_CHAR[c]) {
                return false;
            }
        }
        int close = host.indexOf(']');
        boolean literal = host.startsWith("[");
        if (literal != (close > 0) || host.indexOf('[', 1) >= 0 || (literal && host.indexOf(']', close + 1) >= 0)) {
            return false; // brackets only around a whole IP-literal
        }
        int colon = host.lastIndexOf(':');
        if (!literal && host.indexOf(':') != colon) {
            return false;
        }
        if (literal && colon > close && colon != close + 1) {
            return false;
        }
        if (colon > close) {
            for (int i = colon + 1; i < length; i++) {
                if (host.charAt(i) < '0' || host.charAt(i) > '9') {
                    return false;
                }
            }
        }
        return true;
    }
}
