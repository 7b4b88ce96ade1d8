package dev.loopline.server.internal;

import dev.loopline.server.ServerConfig;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.InvalidChunkExtensionException;
import io.netty.handler.codec.http.InvalidLineSeparatorException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.TransferEncodingNotAllowedException;
import java.util.Locale;

/**
 * Turns a failure of the request decoder into the status and the detail the client gets, naming the broken rule
 * in Loopline's own words. The codec's text never reaches a client: it names the library's internals and changes
 * with its versions. Its exceptions are told apart by type, and else by a word of their message (matched here
 * only, never passed on); an unknown one gets a general sentence about the part of the request that was broken.
 */
final class DecodeFailures {

    private DecodeFailures() {
    }

    /** A failure while decoding a request line or header section. */
    static RequestValidator.Rejection ofHead(Throwable cause, ServerConfig config) {
        if (cause instanceof DecoderRejection) {
            return new RequestValidator.Rejection(((DecoderRejection) cause).status(),
                    ((DecoderRejection) cause).detail());
        }
        if (cause instanceof TooLongHttpLineException) {
            return new RequestValidator.Rejection(414, "request line is longer than " + config.maxInitialLineBytes()
                    + " bytes (RFC 9112 section 3)");
        }
        if (cause instanceof TooLongFrameException) {
            return new RequestValidator.Rejection(431, "request header section is larger than "
                    + config.maxHeaderBytes() + " bytes (RFC 6585 section 5)");
        }
        return new RequestValidator.Rejection(400, headRule(cause));
    }

    /** A failure while decoding a request body: chunk lines, chunk data, trailers. Always 400. */
    static String ofBody(Throwable cause, ServerConfig config) {
        if (cause instanceof DecoderRejection) {
            return ((DecoderRejection) cause).detail();
        }
        if (cause instanceof TooLongHttpLineException) {
            return "a chunk line is longer than " + config.maxInitialLineBytes() + " bytes (RFC 9112 section 7.1)";
        }
        if (cause instanceof TooLongFrameException) {
            return "the trailer section is larger than " + config.maxHeaderBytes() + " bytes (RFC 9112 section 7.1.2)";
        }
        String said = words(cause);
        if (cause instanceof InvalidLineSeparatorException || said.contains("line feed")) {
            return "a chunk line or trailer line ends with a bare LF; lines end with CRLF (RFC 9112 section 7.1)";
        }
        if (cause instanceof InvalidChunkExtensionException) {
            return "invalid chunk extension (RFC 9112 section 7.1.1)";
        }
        if (cause instanceof PrematureChannelClosureException) {
            return "the connection was closed before the request body was complete (RFC 9112 section 8)";
        }
        if (said.contains("chunk size")) {
            return said.contains("overflow") ? "a chunk size is larger than this server reads (RFC 9112 section 7.1)"
                    : "a chunk size must be one or more hexadecimal digits (RFC 9112 section 7.1)";
        }
        if (said.contains("chunk data") || said.contains("cr lf")) {
            return "chunk data must be exactly its size, then CRLF (RFC 9112 section 7.1)";
        }
        if (said.contains("validation failed")) {
            return "a trailer field value holds a control character (RFC 9110 section 5.5)";
        }
        if (said.contains("header name") || said.contains("colon") || said.contains("empty header")) {
            return "a trailer field name must be a token, followed by a colon (RFC 9112 section 7.1.2)";
        }
        return "the chunked body is malformed (RFC 9112 section 7.1)";
    }

    private static String headRule(Throwable cause) {
        if (cause instanceof InvalidLineSeparatorException) {
            return "a line of the request head ends with a bare LF; lines end with CRLF (RFC 9112 section 2.2)";
        }
        if (cause instanceof TransferEncodingNotAllowedException) {
            return "Transfer-Encoding is not allowed in an HTTP/1.0 request (RFC 9112 section 6.1)";
        }
        if (cause instanceof PrematureChannelClosureException) {
            return "the connection was closed before the request head was complete (RFC 9112 section 8)";
        }
        String said = words(cause);
        if (said.contains("validation failed")) { // Netty's words for a field value it refused
            return "a header field value holds a control character (RFC 9110 section 5.5)";
        }
        if (said.contains("header name") || said.contains("colon") || said.contains("empty header")) {
            return "a header line must be a field name (a token), a colon, then the value (RFC 9112 section 5)";
        }
        if (said.contains("content-length") && said.contains("transfer-encoding")) {
            return "Content-Length and Transfer-Encoding in one request are not allowed (RFC 9112 section 6.1)";
        }
        if (said.contains("content-length")) {
            return said.contains("multiple") ? "Content-Length must appear once (RFC 9110 section 8.6)"
                    : "Content-Length must be one decimal number (RFC 9110 section 8.6)";
        }
        if (said.contains("chunked") || said.contains("transfer coding") || said.contains("transfer-encoding")) {
            return "chunked must be the final transfer coding, applied once (RFC 9112 section 6.1)";
        }
        if (said.contains("method")) {
            return "the method must be a token (RFC 9110 section 9.1)";
        }
        if (said.contains("version")) {
            return "the protocol version must be HTTP/ followed by two single digits, as in HTTP/1.1 (RFC 9112"
                    + " section 2.3)";
        }
        if (said.contains("request line") || said.contains("initial line")) {
            return "the request line must be method, request-target and version, one space apart (RFC 9112"
                    + " section 3)";
        }
        return "the request head is malformed (RFC 9112 sections 2 to 5)";
    }

    /** The codec's message, lower-cased, to tell its failures apart; never shown to anyone. */
    private static String words(Throwable cause) {
        String message = cause.getMessage();
        return message == null ? "" : message.toLowerCase(Locale.ROOT);
    }
}
