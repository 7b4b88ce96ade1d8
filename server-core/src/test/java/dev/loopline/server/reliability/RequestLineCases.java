package dev.loopline.server.reliability;

import static dev.loopline.server.reliability.HostileCase.refused;
import static dev.loopline.server.reliability.HostileCase.served;

import java.util.List;

/** Hostile cases about the request line, the request-target, the protocol version and {@code Host}. */
final class RequestLineCases {

    private RequestLineCases() {
    }

    static List<HostileCase> cases() {
        return List.of(
                // RFC 9112 3, RFC 9110 5.6.2: the method is a token
                refused("invalid character in method", "RFC 9112 3", "GE(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                refused("empty method", "RFC 9112 3", " / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                // RFC 9110 9.1: methods are case-sensitive tokens; one the handler does not know is still a request
                served("unknown method", "RFC 9110 9.1", "PURGE /m HTTP/1.1\r\nHost: a\r\n\r\n", "PURGE /m"),
                served("lower-case method is another method", "RFC 9110 9.1", "get /m HTTP/1.1\r\nHost: a\r\n\r\n",
                        "get /m"),
                // RFC 9112 3: a method longer than the server's limit (maxMethodBytes, 32 here) is 501, not 414
                served("method of the maximum length", "RFC 9112 3",
                        "M".repeat(32) + " /m HTTP/1.1\r\nHost: a\r\n\r\n", "M".repeat(32) + " /m"),
                refused("method over the method limit", "RFC 9112 3",
                        "M".repeat(33) + " /m HTTP/1.1\r\nHost: a\r\n\r\n", 501),
                refused("method over the request line limit", "RFC 9112 3",
                        "M".repeat(HeaderCases.MAX_LINE_BYTES + 1) + " /m HTTP/1.1\r\nHost: a\r\n\r\n", 501),
                refused("method over the limit, sent without a request line end", "RFC 9112 3", "M".repeat(40), 501),
                // RFC 9112 3: one SP between the parts; a recipient MAY split on any whitespace instead
                refused("two spaces after the method", "RFC 9112 3", "GET  /two HTTP/1.1\r\nHost: a\r\n\r\n", 400)
                        .orServed("GET /two"),
                refused("tab as the separator", "RFC 9112 3", "GET\t/tab\tHTTP/1.1\r\nHost: a\r\n\r\n", 400)
                        .orServed("GET /tab"),
                refused("space after the version", "RFC 9112 3", "GET /sp HTTP/1.1 \r\nHost: a\r\n\r\n", 400)
                        .orServed("GET /sp"),
                refused("missing request-target", "RFC 9112 3", "GET HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                refused("HTTP/0.9 request line without a version", "RFC 9112 2.3", "GET /\r\n\r\n", 400),
                refused("NUL in the request line", "RFC 9112 3", "GET /\u0000 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                refused("NUL before the request line", "RFC 9112 2.2", "\u0000GET / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                // RFC 9112 2.2: a server SHOULD ignore at least one empty line before the request line
                served("empty lines before the request line", "RFC 9112 2.2",
                        "\r\n\r\nGET /lead HTTP/1.1\r\nHost: a\r\n\r\n", "GET /lead"),
                // RFC 9112 2.3: HTTP-version is case-sensitive "HTTP/" DIGIT "." DIGIT
                refused("unknown protocol version", "RFC 9112 2.3", "GET / HTTP/1.x\r\nHost: a\r\n\r\n", 400),
                refused("lower-case protocol name", "RFC 9112 2.3", "GET / http/1.1\r\nHost: a\r\n\r\n", 400),
                refused("two-digit major version", "RFC 9112 2.3", "GET / HTTP/01.1\r\nHost: a\r\n\r\n", 400),
                // RFC 9110 6.2: a major version this server does not speak: 505 (a protocol answer, not a fault)
                refused("HTTP/2.0 in a request line", "RFC 9110 15.6.6", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
                // RFC 9110 6.2: a higher minor version is answered as the highest one the server speaks
                served("HTTP/1.2 is answered as HTTP/1.1", "RFC 9110 6.2", "GET /v HTTP/1.2\r\nHost: a\r\n\r\n",
                        "GET /v").orRefused(400, 505),
                // RFC 9112 3.2: request-target forms and characters
                refused("control character in target", "RFC 9112 3.2", "GET /a\u0001b HTTP/1.1\r\nHost: a\r\n\r\n",
                        400),
                refused("non-ASCII byte in target", "RFC 9112 3.2", "GET /caf\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n",
                        400),
                refused("space in target", "RFC 9112 3.2", "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                refused("backslash in target", "RFC 9112 3.2", "GET /a\\b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                refused("bad percent-encoding in target", "RFC 3986 2.1", "GET /a%zz HTTP/1.1\r\nHost: a\r\n\r\n",
                        400),
                refused("fragment in target", "RFC 9112 3.2", "GET /a#frag HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                refused("target without a leading slash", "RFC 9112 3.2.1", "GET a/b HTTP/1.1\r\nHost: a\r\n\r\n",
                        400),
                served("percent-encoded target", "RFC 9112 3.2.1", "GET /a%20b%2Fc HTTP/1.1\r\nHost: a\r\n\r\n",
                        "GET /a%20b%2Fc"),
                // RFC 3986 6.2.2: the path is normalised once; a dot segment, raw or encoded, is refused, not resolved
                refused("dot segment in the path", "RFC 3986 6.2.2", "GET /a/../b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                refused("encoded dot segment", "RFC 3986 6.2.2", "GET /%2e%2E/admin HTTP/1.1\r\nHost: a\r\n\r\n",
                        400),
                refused("dot segment between encoded slashes", "RFC 3986 6.2.2",
                        "GET /files/..%2F..%2Fetc HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                served("percent-encoded unreserved characters are the same path", "RFC 3986 6.2.2",
                        "GET /%61dmin/%7euser HTTP/1.1\r\nHost: a\r\n\r\n", "GET /admin/~user"),
                served("matrix parameters are ordinary path characters", "RFC 3986 3.3",
                        "GET /a;v=1/b HTTP/1.1\r\nHost: a\r\n\r\n", "GET /a;v=1/b"),
                // RFC 9112 3.2.2 and RFC 3986 3: in absolute-form the path ends at '?', and an empty path is "/"
                served("absolute-form: the query is never the path", "RFC 9112 3.2.2",
                        "GET http://example.com?x=/admin HTTP/1.1\r\nHost: example.com\r\n\r\n", "GET /"),
                refused("fragment in an absolute-form target", "RFC 9112 3.2",
                        "GET http://example.com/a#b HTTP/1.1\r\nHost: example.com\r\n\r\n", 400),
                served("absolute-form target", "RFC 9112 3.2.2",
                        "GET http://example.com/abs?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n", "GET /abs"),
                // RFC 9112 3.2.2: with an absolute-form target the server MUST ignore Host
                served("absolute-form target overrides a different Host", "RFC 9112 3.2.2",
                        "GET http://example.com/abs HTTP/1.1\r\nHost: other.example\r\n\r\n", "GET /abs"),
                refused("absolute-form with a scheme other than http(s)", "RFC 9112 3.2.2",
                        "GET ftp://example.com/x HTTP/1.1\r\nHost: example.com\r\n\r\n", 400),
                // RFC 9110 4.2.4: userinfo in an http(s) URI is treated as an error
                refused("userinfo in an absolute-form target", "RFC 9110 4.2.4",
                        "GET http://user@example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n", 400),
                refused("authority-form without CONNECT", "RFC 9112 3.2.3",
                        "GET example.com:80 HTTP/1.1\r\nHost: example.com\r\n\r\n", 400),
                refused("CONNECT: this server is no proxy", "RFC 9110 9.3.6",
                        "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 501),
                served("asterisk-form with OPTIONS", "RFC 9112 3.2.4", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
                        "OPTIONS *"),
                refused("asterisk-form with GET", "RFC 9112 3.2.4", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                // RFC 9112 3.2: Host is required in HTTP/1.1, exactly once, and must be a valid authority
                refused("missing Host in HTTP/1.1", "RFC 9112 3.2", "GET / HTTP/1.1\r\nX-Test: 1\r\n\r\n", 400),
                refused("two Host fields", "RFC 9112 3.2", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
                refused("two Host fields with the same value", "RFC 9112 3.2",
                        "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", 400),
                refused("invalid Host", "RFC 9110 7.2", "GET / HTTP/1.1\r\nHost: a b/c\r\n\r\n", 400),
                refused("Host with userinfo", "RFC 9110 7.2", "GET / HTTP/1.1\r\nHost: user@a\r\n\r\n", 400),
                refused("Host with a non-numeric port", "RFC 9110 7.2", "GET / HTTP/1.1\r\nHost: a:8o\r\n\r\n", 400),
                served("Host with a port", "RFC 9110 7.2", "GET /p HTTP/1.1\r\nHost: example.com:8080\r\n\r\n",
                        "GET /p"),
                served("IPv6 literal Host", "RFC 9110 7.2", "GET /v6 HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n",
                        "GET /v6"),
                // RFC 9112 3.2 and 3.3: an empty Host is for a target URI without an authority; an origin-form
                // request's URI needs one, so the server cannot tell what it asks for
                refused("empty Host with an origin-form target", "RFC 9112 3.2", "GET /e HTTP/1.1\r\nHost:\r\n\r\n",
                        400),
                refused("Host of only whitespace", "RFC 9112 3.2", "GET /e HTTP/1.1\r\nHost: \t \r\n\r\n", 400),
                refused("empty Host with OPTIONS *", "RFC 9112 3.2", "OPTIONS * HTTP/1.1\r\nHost:\r\n\r\n", 400),
                // RFC 9112 3.2.2: with an absolute-form target the authority comes from the target, Host is ignored
                served("empty Host with an absolute-form target", "RFC 9112 3.2.2",
                        "GET http://example.com/e HTTP/1.1\r\nHost:\r\n\r\n", "GET /e"),
                // RFC 9112 9.3: HTTP/1.0 closes after the response unless keep-alive was asked
                HostileCase.answered("HTTP/1.0 without Host, then closed", "RFC 9112 9.3",
                        "GET /old HTTP/1.0\r\n\r\n", "200 GET /old"),
                served("HTTP/1.0 keep-alive without Host", "RFC 9112 9.3",
                        "GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "GET /old"));
    }
}
