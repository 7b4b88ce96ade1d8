package dev.loopline.server.reliability;

import static dev.loopline.server.reliability.HostileCase.answered;
import static dev.loopline.server.reliability.HostileCase.refused;
import static dev.loopline.server.reliability.HostileCase.served;

import java.util.List;

/**
 * Hostile cases about the header section: field syntax, line endings, NUL and controls, limits, {@code Expect},
 * and what a request asking to close means for the requests behind it.
 */
final class HeaderCases {

    /** The limits of the server the cases run against (see HostileInputTest). */
    static final int MAX_LINE_BYTES = 1024;
    static final int MAX_HEADER_BYTES = 2048;

    private HeaderCases() {
    }

    static List<HostileCase> cases() {
        return List.of(
                // RFC 9110 5.1, 5.6.2: a field name is a token
                refused("space in header name", "RFC 9110 5.1", "GET / HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n",
                        400),
                refused("control character in header name", "RFC 9110 5.1",
                        "GET / HTTP/1.1\r\nHost: a\r\nX-\u0001: x\r\n\r\n", 400),
                refused("'@' in header name", "RFC 9110 5.6.2", "GET / HTTP/1.1\r\nHost: a\r\nX@Y: x\r\n\r\n", 400),
                refused("empty header name", "RFC 9110 5.1", "GET / HTTP/1.1\r\nHost: a\r\n: x\r\n\r\n", 400),
                refused("header line without colon", "RFC 9112 5", "GET / HTTP/1.1\r\nHost: a\r\nNoColonHere\r\n\r\n",
                        400),
                // RFC 9112 5.1: no whitespace is allowed between the field name and colon; MUST reject with 400
                refused("whitespace before colon", "RFC 9112 5.1", "GET / HTTP/1.1\r\nHost: a\r\nX-Test : x\r\n\r\n",
                        400),
                // RFC 9110 5.5: field values are visible characters, SP, HTAB and obs-text; no CTL, DEL or NUL
                refused("NUL in header value", "RFC 9110 5.5", "GET / HTTP/1.1\r\nHost: a\r\nX-Test: a\u0000b\r\n\r\n",
                        400),
                refused("control character in header value", "RFC 9110 5.5",
                        "GET / HTTP/1.1\r\nHost: a\r\nX-Test: a\u0001b\r\n\r\n", 400),
                refused("DEL in header value", "RFC 9110 5.5", "GET / HTTP/1.1\r\nHost: a\r\nX-Test: a\u007fb\r\n\r\n",
                        400),
                served("obs-text in header value", "RFC 9110 5.5",
                        "GET /o HTTP/1.1\r\nHost: a\r\nX-Test: caf\u00e9\r\n\r\n", "GET /o"),
                served("tab in header value and as leading whitespace", "RFC 9110 5.5",
                        "GET /tab HTTP/1.1\r\nHost:\ta\r\nX-Test: a\tb\t\r\n\r\n", "GET /tab"),
                served("empty header value", "RFC 9110 5.5", "GET /e HTTP/1.1\r\nHost: a\r\nX-Empty:\r\n\r\n",
                        "GET /e"),
                // RFC 9112 5.2: obs-fold outside message/http: 400, or replace it with SP
                refused("obs-fold with space", "RFC 9112 5.2",
                        "GET / HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n two\r\n\r\n", 400),
                refused("obs-fold with tab", "RFC 9112 5.2",
                        "GET / HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n\ttwo\r\n\r\n", 400),
                // RFC 9112 2.2: whitespace between the start-line and the first field: reject, or ignore that line
                refused("whitespace before the first header line", "RFC 9112 2.2",
                        "GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400),
                // RFC 9112 2.2: a bare CR anywhere but in content: reject, or replace it with SP
                refused("bare CR in header value", "RFC 9112 2.2", "GET / HTTP/1.1\r\nHost: a\r\nX-Test: a\rb\r\n\r\n",
                        400),
                refused("bare CR ending the request line", "RFC 9112 2.2", "GET / HTTP/1.1\rHost: a\r\n\r\n", 400),
                // RFC 9112 2.2: a recipient MAY accept a bare LF as a line terminator; this server does not
                refused("bare LF line endings", "RFC 9112 2.2", "GET /lf HTTP/1.1\nHost: a\n\n", 400)
                        .orServed("GET /lf"),
                refused("bare LF ending the header section", "RFC 9112 2.2", "GET /lf HTTP/1.1\r\nHost: a\r\n\n", 400)
                        .orServed("GET /lf"),
                // RFC 9110 15.5.15 (414), RFC 6585 5 (431): limits on the request line and the header section
                refused("request line over the limit", "RFC 9110 15.5.15",
                        "GET /" + "a".repeat(MAX_LINE_BYTES) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414),
                refused("one header over the header limit", "RFC 6585 5",
                        "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + "b".repeat(MAX_HEADER_BYTES) + "\r\n\r\n", 431),
                refused("many small headers over the header limit", "RFC 6585 5",
                        "GET / HTTP/1.1\r\nHost: a\r\n" + "X-N: 1\r\n".repeat(MAX_HEADER_BYTES / 6 + 1) + "\r\n", 431),
                // RFC 9110 10.1.1: 100-continue is the only expectation; anything else MAY be answered 417
                answered("Expect: 100-continue with the body already sent", "RFC 9110 10.1.1",
                        "POST /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi",
                        "100", "200 POST /x hi", HostileCase.FOLLOW_UP_SERVED)
                        .orServed("POST /x hi"),
                answered("Expect: 100-Continue is case-insensitive", "RFC 9110 10.1.1",
                        "POST /x HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\nhi",
                        "100", "200 POST /x hi", HostileCase.FOLLOW_UP_SERVED)
                        .orServed("POST /x hi"),
                // RFC 9110 10.1.1: 100 is for a request that announces content; without one there is nothing to wait for
                answered("Expect: 100-continue without a body", "RFC 9110 10.1.1",
                        "GET /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n", "200 GET /x",
                        HostileCase.FOLLOW_UP_SERVED),
                answered("Expect: 100-continue with Content-Length: 0", "RFC 9110 10.1.1",
                        "POST /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n",
                        "200 POST /x", HostileCase.FOLLOW_UP_SERVED),
                refused("Expect: 100-continue with a body over the limit", "RFC 9110 10.1.1",
                        "POST /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n", 413),
                refused("unknown expectation", "RFC 9110 10.1.1",
                        "POST / HTTP/1.1\r\nHost: a\r\nExpect: something-else\r\nContent-Length: 2\r\n\r\nhi", 417),
                // RFC 9110 10.1.1: a server MUST ignore 100-continue in an HTTP/1.0 request
                answered("Expect in HTTP/1.0 is ignored", "RFC 9110 10.1.1",
                        "POST /x HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi", "200 POST /x hi"),
                // RFC 9112 9.6: after a request with "Connection: close" the server reads no further request
                answered("nothing is answered after Connection: close", "RFC 9112 9.6",
                        "GET /last HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", "200 GET /last"),
                // RFC 9112 9.3.2: pipelined requests are answered in order
                answered("pipelined requests", "RFC 9112 9.3.2",
                        "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nx",
                        "200 GET /1", "200 POST /2 x", HostileCase.FOLLOW_UP_SERVED),
                // RFC 9112 9.3.2 and 9.6: a bad request in a pipeline is answered after those before it; then close
                answered("pipelining: a bad request line after a good request", "RFC 9112 9.3.2",
                        "GET /first HTTP/1.1\r\nHost: a\r\n\r\nGE(T / HTTP/1.1\r\nHost: a\r\n\r\n",
                        "200 GET /first", "400"),
                answered("pipelining: a bad header after a good request", "RFC 9112 9.3.2",
                        "GET /first HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nX : y\r\n\r\n",
                        "200 GET /first", "400"));
    }
}
