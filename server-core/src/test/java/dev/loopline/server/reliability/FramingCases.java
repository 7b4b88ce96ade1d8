package dev.loopline.server.reliability;

import static dev.loopline.server.reliability.HostileCase.answered;
import static dev.loopline.server.reliability.HostileCase.refused;
import static dev.loopline.server.reliability.HostileCase.served;

import java.util.List;

/**
 * Hostile cases about message framing: {@code Content-Length}, {@code Transfer-Encoding}, chunks and trailers,
 * and the CL.TE, TE.CL and TE.TE smuggling shapes, each with a request hidden in the body where a server that
 * frames the message differently from us would find it.
 */
final class FramingCases {

    /** The body limit of the server the cases run against (see HostileInputTest). */
    static final int MAX_BODY_BYTES = 1024;

    private static final String POST = "POST /b HTTP/1.1\r\nHost: a\r\n";
    private static final String CHUNKED = POST + "Transfer-Encoding: chunked\r\n";
    private static final String HIDDEN = "GET /hidden HTTP/1.1\r\nHost: a\r\n\r\n";

    private FramingCases() {
    }

    static List<HostileCase> cases() {
        return List.of(
                // RFC 9112 6.1: CL with TE: reject, or frame by TE alone; either way close after the response
                refused("CL.TE smuggling", "RFC 9112 6.1",
                        POST + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + HIDDEN, 400)
                        .or("200 POST /b"),
                refused("TE.CL smuggling", "RFC 9112 6.1", CHUNKED + "Content-Length: 4\r\n\r\n"
                        + Integer.toHexString(HIDDEN.length()) + "\r\n" + HIDDEN + "\r\n0\r\n\r\n", 400)
                        .or("200 POST /b " + HIDDEN),
                refused("CL.TE with a space before the TE value", "RFC 9112 6.1",
                        POST + "Content-Length: 5\r\nTransfer-Encoding:  chunked\r\n\r\n0\r\n\r\n" + HIDDEN, 400)
                        .or("200 POST /b"),
                // RFC 9112 6.1 and 6.3: TE.TE, a coding list whose final coding is not chunked: 400 and close
                refused("TE.TE: chunked, then an unknown coding", "RFC 9112 6.3",
                        CHUNKED + "Transfer-Encoding: x\r\n\r\n0\r\n\r\n" + HIDDEN, 400),
                refused("TE.TE: chunked listed twice", "RFC 9112 6.1",
                        CHUNKED + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + HIDDEN, 400),
                refused("TE chunked, chunked in one field", "RFC 9112 6.1",
                        POST + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n" + HIDDEN, 400),
                refused("TE obfuscated as xchunked", "RFC 9112 6.3",
                        POST + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n" + HIDDEN, 400, 501),
                refused("TE with a vertical tab", "RFC 9112 6.3",
                        POST + "Transfer-Encoding: chunked\u000b\r\n\r\n0\r\n\r\n" + HIDDEN, 400, 501),
                refused("TE gzip only", "RFC 9112 6.3", POST + "Transfer-Encoding: gzip\r\n\r\nxyz", 400, 501),
                refused("TE identity", "RFC 9112 6.3", POST + "Transfer-Encoding: identity\r\n\r\n0\r\n\r\n", 400, 501),
                refused("TE chunked then gzip", "RFC 9112 6.3",
                        POST + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n", 400, 501),
                // RFC 9112 6.1: a transfer coding the server does not understand SHOULD be answered 501
                refused("TE gzip, chunked: a coding this server cannot decode", "RFC 9112 6.1",
                        POST + "Transfer-Encoding: gzip, chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n", 501, 400),
                refused("whitespace before the colon of TE", "RFC 9112 5.1",
                        POST + "Transfer-Encoding : chunked\r\nContent-Length: 3\r\n\r\nabc", 400),
                // RFC 9112 6.1: TE in an HTTP/1.0 request: faulty framing, treat as such and close
                refused("TE in HTTP/1.0", "RFC 9112 6.1",
                        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
                // RFC 9112 7: transfer-coding names are case-insensitive; OWS around the value is not part of it
                served("TE CHUNKED in capitals", "RFC 9112 7",
                        POST + "Transfer-Encoding: CHUNKED\r\n\r\n2\r\nhi\r\n0\r\n\r\n", "POST /b hi"),
                served("TE after a tab", "RFC 9112 5.1",
                        POST + "Transfer-Encoding:\tchunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n", "POST /b hi"),
                // a header that is not Transfer-Encoding frames nothing: the "chunks" are the next request, a bad one
                answered("Transfer_Encoding is just another header", "RFC 9112 6.3",
                        POST + "Transfer_Encoding: chunked\r\n\r\n0\r\n\r\n", "200 POST /b", "400"),
                // RFC 9112 6.3 and RFC 9110 8.6: Content-Length is 1*DIGIT, once
                refused("two different Content-Length", "RFC 9112 6.3",
                        POST + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),
                refused("two equal Content-Length fields", "RFC 9110 8.6",
                        POST + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400).orServed("POST /b abc"),
                refused("Content-Length list", "RFC 9110 8.6", POST + "Content-Length: 3, 3\r\n\r\nabc", 400)
                        .orServed("POST /b abc"),
                refused("non-numeric Content-Length", "RFC 9112 6.3", POST + "Content-Length: abc\r\n\r\n", 400),
                refused("negative Content-Length", "RFC 9112 6.3", POST + "Content-Length: -1\r\n\r\n", 400),
                refused("signed Content-Length", "RFC 9112 6.3", POST + "Content-Length: +3\r\n\r\nabc", 400),
                refused("hexadecimal Content-Length", "RFC 9112 6.3", POST + "Content-Length: 0x3\r\n\r\nabc", 400),
                refused("space inside Content-Length", "RFC 9112 6.3", POST + "Content-Length: 1 0\r\n\r\n0123456789",
                        400),
                refused("empty Content-Length", "RFC 9112 6.3", POST + "Content-Length:\r\n\r\n", 400),
                refused("Content-Length past 2^63", "RFC 9112 6.3",
                        POST + "Content-Length: 99999999999999999999\r\n\r\n", 400, 413),
                served("Content-Length with leading zeros", "RFC 9110 8.6", POST + "Content-Length: 003\r\n\r\nabc",
                        "POST /b abc"),
                served("Content-Length with trailing whitespace", "RFC 9110 5.5",
                        POST + "Content-Length: 3 \r\n\r\nabc", "POST /b abc"),
                // RFC 9112 6.3: Content-Length frames the body: the bytes after it are the next request
                answered("bytes past Content-Length are the next request", "RFC 9112 6.3",
                        POST + "Content-Length: 3\r\n\r\nabcde", "200 POST /b abc", "200 deGET /smuggled"),
                // RFC 9112 6.3: a request with neither CL nor TE has no body
                served("POST without a body", "RFC 9112 6.3", POST + "\r\n", "POST /b"),
                refused("announced body over the limit", "RFC 9110 15.5.14",
                        POST + "Content-Length: " + (MAX_BODY_BYTES + 1) + "\r\n\r\n", 413),
                refused("chunked body over the limit", "RFC 9110 15.5.14", CHUNKED + "\r\n"
                        + Integer.toHexString(2 * MAX_BODY_BYTES) + "\r\n" + "x".repeat(2 * MAX_BODY_BYTES)
                        + "\r\n0\r\n\r\n", 413),
                // RFC 9112 7.1: chunk-size is 1*HEXDIG, then CRLF, then exactly that many octets and CRLF
                served("chunked body with a chunk extension", "RFC 9112 7.1.1",
                        CHUNKED + "\r\n2;name=value\r\nhi\r\n3;q=\"a b\"\r\n th\r\n0\r\n\r\n", "POST /b hi th"),
                // RFC 9112 7.1.1: chunk-ext = *( BWS ";" BWS token [ BWS "=" BWS ( token / quoted-string ) ] ).
                // Front ends disagree on the broken ones (a smuggling vector): refused, and the connection closed
                refused("chunk extension with an empty name", "RFC 9112 7.1.1",
                        CHUNKED + "\r\n5;\r\nhello\r\n0\r\n\r\n" + HIDDEN, 400),
                refused("chunk extension with only a value", "RFC 9112 7.1.1",
                        CHUNKED + "\r\n5;=v\r\nhello\r\n0\r\n\r\n" + HIDDEN, 400),
                refused("chunk extension: whitespace, then no name", "RFC 9112 7.1.1",
                        CHUNKED + "\r\n5 ;\r\nhello\r\n0\r\n\r\n" + HIDDEN, 400),
                refused("chunk extension with an unterminated quoted value", "RFC 9112 7.1.1",
                        CHUNKED + "\r\n5;a=\"b\r\nhello\r\n0\r\n\r\n" + HIDDEN, 400),
                refused("chunk extension with an empty value", "RFC 9112 7.1.1",
                        CHUNKED + "\r\n5;a=\r\nhello\r\n0\r\n\r\n" + HIDDEN, 400),
                refused("a second chunk extension with an empty name", "RFC 9112 7.1.1",
                        CHUNKED + "\r\n5;a=b;\r\nhello\r\n0\r\n\r\n" + HIDDEN, 400),
                refused("an empty chunk extension name on the last chunk", "RFC 9112 7.1.1",
                        CHUNKED + "\r\n5\r\nhello\r\n0;\r\n\r\n" + HIDDEN, 400),
                refused("chunk extension name that is no token", "RFC 9112 7.1.1",
                        CHUNKED + "\r\n5;a@b\r\nhello\r\n0\r\n\r\n" + HIDDEN, 400),
                served("chunk extensions with whitespace around ';' and '='", "RFC 9112 7.1.1",
                        CHUNKED + "\r\n5 ; a = \"b c\" ;d\t;e=f\r\nhello\r\n0 ;last\r\n\r\n", "POST /b hello"),
                served("quoted chunk extension value with an escaped quote", "RFC 9112 7.1.1",
                        CHUNKED + "\r\n5;a=\"x\\\"y\"\r\nhello\r\n0\r\n\r\n", "POST /b hello"),
                refused("chunk size not hex", "RFC 9112 7.1", CHUNKED + "\r\nzz\r\nhello\r\n0\r\n\r\n", 400),
                refused("chunk size overflows", "RFC 9112 7.1",
                        CHUNKED + "\r\nfffffffffffffffff\r\nx\r\n0\r\n\r\n", 400, 413),
                refused("negative chunk size", "RFC 9112 7.1", CHUNKED + "\r\n-5\r\nhello\r\n0\r\n\r\n", 400),
                refused("chunk size with 0x", "RFC 9112 7.1", CHUNKED + "\r\n0x5\r\nhello\r\n0\r\n\r\n", 400),
                refused("empty chunk size", "RFC 9112 7.1", CHUNKED + "\r\n\r\nhello\r\n0\r\n\r\n", 400),
                refused("chunk data longer than its size", "RFC 9112 7.1",
                        CHUNKED + "\r\n3\r\nhello\r\n0\r\n\r\n", 400),
                refused("chunk data without its CRLF", "RFC 9112 7.1", CHUNKED + "\r\n5\r\nhelloX0\r\n\r\n", 400),
                refused("chunk size line with a bare LF", "RFC 9112 7.1", CHUNKED + "\r\n5\nhello\r\n0\r\n\r\n", 400)
                        .orServed("POST /b hello"),
                refused("chunk extension over the line limit", "RFC 9112 7.1.1",
                        CHUNKED + "\r\n5;x=" + "e".repeat(HeaderCases.MAX_LINE_BYTES) + "\r\nhello\r\n0\r\n\r\n",
                        400, 413),
                // RFC 9112 7.1.2: trailer fields: valid ones are accepted, framing ones never change the framing
                served("chunked body with trailers", "RFC 9112 7.1.2",
                        CHUNKED + "\r\n2\r\nhi\r\n0\r\nX-Trailer: yes\r\nX-Other: 1\r\n\r\n", "POST /b hi"),
                served("Content-Length in the trailer changes nothing", "RFC 9110 6.5.1",
                        CHUNKED + "\r\n2\r\nhi\r\n0\r\nContent-Length: 40\r\n\r\n", "POST /b hi").orRefused(400),
                refused("invalid trailer field name", "RFC 9112 7.1.2",
                        CHUNKED + "\r\n2\r\nhi\r\n0\r\nBad Trailer: x\r\n\r\n", 400),
                refused("trailer section over the header limit", "RFC 9112 7.1.2",
                        CHUNKED + "\r\n2\r\nhi\r\n0\r\nX-Big: " + "t".repeat(HeaderCases.MAX_HEADER_BYTES) + "\r\n\r\n",
                        400, 431),
                // RFC 9112 9.3.2: smuggling behind a good request on the same connection
                answered("pipelining: CL.TE after a good request", "RFC 9112 9.3.2",
                        "GET /first HTTP/1.1\r\nHost: a\r\n\r\n"
                                + POST + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + HIDDEN,
                        "200 GET /first", "400"),
                answered("pipelining: a bad chunk after a good POST", "RFC 9112 9.3.2",
                        POST + "Content-Length: 2\r\n\r\nok"
                                + CHUNKED + "\r\nzz\r\n" + HIDDEN, "200 POST /b ok", "400"));
    }

}
