package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed input and request smuggling (RFC 9112 sections 3, 5, 6, 7 and 11.2). Each bad request is followed
 * on the same connection by a well-formed one; the server must answer the first with its status, close the
 * connection, and never answer (or even handle) the request smuggled behind it.
 */
class MalformedRequestTest {

    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n";
    private static final AtomicInteger handled = new AtomicInteger();
    private static HttpServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(request -> {
            handled.incrementAndGet();
            return Response.text("handled " + request.path()).completed();
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // RFC 9112 6.1: Content-Length together with Transfer-Encoding (CL.TE / TE.CL smuggling)
                bad("CL and TE", 400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                bad("TE and CL", 400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                        + "Content-Length: 3\r\n\r\n0\r\n\r\n"),
                // RFC 9112 6.3: several or invalid Content-Length values
                bad("two different Content-Length", 400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n"
                        + "Content-Length: 4\r\n\r\nabcd"),
                bad("two equal Content-Length lines", 400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n"
                        + "Content-Length: 3\r\n\r\nabc"),
                bad("Content-Length list", 400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc"),
                bad("non-numeric Content-Length", 400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n"),
                bad("negative Content-Length", 400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n"),
                bad("signed Content-Length", 400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\nabc"),
                // RFC 9112 6.1 / 6.3: the final transfer coding must be chunked
                bad("TE gzip only", 400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\nxyz"),
                bad("TE chunked then gzip", 400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"),
                bad("TE obfuscated value", 400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n"),
                bad("TE chunked twice", 400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                bad("TE in HTTP/1.0", 400, "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                // RFC 9112 7.1: chunk framing
                bad("chunk size not hex", 400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "zz\r\nhello\r\n0\r\n\r\n"),
                bad("chunk size overflow", 400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "fffffffffffffffff\r\nx\r\n0\r\n\r\n"),
                bad("chunk data longer than its size", 400, "POST / HTTP/1.1\r\nHost: a\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n"),
                bad("empty chunk size", 400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "\r\nhello\r\n0\r\n\r\n"),
                // RFC 9112 3 / RFC 9110 9.1: method and request-target characters
                bad("invalid character in method", 400, "GE(T / HTTP/1.1\r\nHost: a\r\n\r\n"),
                bad("control character in target", 400, "GET /a\u0001b HTTP/1.1\r\nHost: a\r\n\r\n"),
                bad("non-ASCII byte in target", 400, "GET /caf\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n"),
                bad("space in target", 400, "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n"),
                bad("bad percent-encoding in target", 400, "GET /a%zz HTTP/1.1\r\nHost: a\r\n\r\n"),
                bad("target without a slash", 400, "GET a/b HTTP/1.1\r\nHost: a\r\n\r\n"),
                bad("asterisk target with GET", 400, "GET * HTTP/1.1\r\nHost: a\r\n\r\n"),
                bad("fragment in target", 400, "GET /a#frag HTTP/1.1\r\nHost: a\r\n\r\n"),
                bad("unknown protocol version", 400, "GET / HTTP/1.x\r\nHost: a\r\n\r\n"),
                bad("HTTP/2.0 in a request line", 505, "GET / HTTP/2.0\r\nHost: a\r\n\r\n"),
                // RFC 9110 5.1 / RFC 9112 5.1: header names
                bad("space in header name", 400, "GET / HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n"),
                bad("control character in header name", 400, "GET / HTTP/1.1\r\nHost: a\r\nX-\u0001: x\r\n\r\n"),
                bad("whitespace before colon", 400, "GET / HTTP/1.1\r\nHost: a\r\nX-Test : x\r\n\r\n"),
                bad("whitespace before colon of TE", 400, "POST / HTTP/1.1\r\nHost: a\r\n"
                        + "Transfer-Encoding : chunked\r\nContent-Length: 3\r\n\r\nabc"),
                bad("header line without colon", 400, "GET / HTTP/1.1\r\nHost: a\r\nNoColonHere\r\n\r\n"),
                bad("NUL in header value", 400, "GET / HTTP/1.1\r\nHost: a\r\nX-Test: a\u0000b\r\n\r\n"),
                // RFC 9112 5.2: obs-fold
                bad("obs-fold with space", 400, "GET / HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n two\r\n\r\n"),
                bad("obs-fold with tab", 400, "GET / HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n\ttwo\r\n\r\n"),
                // RFC 9112 2.2: bare CR and LF
                bad("bare LF line ending", 400, "GET / HTTP/1.1\nHost: a\n\n"),
                bad("bare CR in header", 400, "GET / HTTP/1.1\r\nHost: a\r\nX-Test: a\rb\r\n\r\n"),
                // RFC 9112 3.2: Host
                bad("missing Host in HTTP/1.1", 400, "GET / HTTP/1.1\r\nX-Test: 1\r\n\r\n"),
                bad("two Host headers", 400, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
                bad("invalid Host", 400, "GET / HTTP/1.1\r\nHost: a b/c\r\n\r\n"),
                bad("CONNECT", 501, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"));
    }

    private static Arguments bad(String name, int status, String request) {
        return Arguments.of(name, status, request);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("cases")
    void refusesAndNeverAnswersWhatFollows(String name, int status, String request) throws Exception {
        int before = handled.get();
        try (RawClient client = new RawClient(server.port())) {
            client.send(request + SMUGGLED);
            RawResponse response = client.readResponse();
            assertEquals(status, response.status(), name + ": " + response);
            assertEquals("application/problem+json", response.header("Content-Type"));
            assertEquals("close", response.header("Connection"));
            byte[] rest = client.readUntilClosed();
            assertEquals("", new String(rest, java.nio.charset.StandardCharsets.ISO_8859_1),
                    name + ": nothing may follow the error response");
        }
        assertEquals(before, handled.get(), name + ": no handler may see a request after a refused one");
    }

    @ParameterizedTest(name = "valid: {0}")
    @MethodSource("validCases")
    void acceptsWellFormedVariants(String name, String request, String expectedBody) throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            RawResponse response = client.exchange(request);
            assertEquals(200, response.status(), name + ": " + response);
            assertEquals(expectedBody, response.bodyText());
            RawResponse next = client.exchange("GET /next HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("handled /next", next.bodyText(), name + ": a valid request keeps the connection");
        }
    }

    static Stream<Arguments> validCases() {
        return Stream.of(
                Arguments.of("absolute-form target", "GET http://example.com/abs?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n",
                        "handled /abs"),
                Arguments.of("asterisk-form with OPTIONS", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", "handled *"),
                Arguments.of("Host with port", "GET /p HTTP/1.1\r\nHost: example.com:8080\r\n\r\n", "handled /p"),
                Arguments.of("IPv6 Host", "GET /v6 HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", "handled /v6"),
                Arguments.of("empty Host", "GET /e HTTP/1.1\r\nHost:\r\n\r\n", "handled /e"),
                Arguments.of("HTTP/1.0 without Host", "GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "handled /old"),
                Arguments.of("percent-encoded target", "GET /a%20b%2Fc HTTP/1.1\r\nHost: a\r\n\r\n", "handled /a%20b%2Fc"),
                Arguments.of("leading empty lines", "\r\n\r\nGET /lead HTTP/1.1\r\nHost: a\r\n\r\n", "handled /lead"),
                Arguments.of("tab as whitespace after colon", "GET /tab HTTP/1.1\r\nHost:\ta\r\n\r\n", "handled /tab"),
                Arguments.of("unknown method", "PURGE /m HTTP/1.1\r\nHost: a\r\n\r\n", "handled /m"));
    }
}
