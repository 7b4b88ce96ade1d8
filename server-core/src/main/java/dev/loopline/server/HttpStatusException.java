package dev.loopline.server;

import java.util.Map;

/**
 * Thrown by a handler (or used to complete its stage exceptionally) to answer with a given status. The server
 * turns it into an {@code application/problem+json} response (RFC 9457) whose {@code detail} is this
 * exception's message. Stackless, so it is cheap to throw.
 */
public class HttpStatusException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, String> headers;

    /**
     * An exception that answers {@code status} with {@code detail} as the problem's detail.
     *
     * @param status an HTTP status from 400 to 599
     * @param detail what went wrong, for the client: names the bad input, never internal state
     */
    public HttpStatusException(int status, String detail) {
        this(status, detail, Map.of());
    }

    /**
     * As {@link #HttpStatusException(int, String)}, with extra response headers such as {@code Retry-After}.
     *
     * @throws IllegalArgumentException for a header a response may not carry (see {@link Response#withHeader})
     */
    public HttpStatusException(int status, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 400..599 for an HttpStatusException (was " + status + ")");
        }
        this.status = status;
        this.headers = Map.copyOf(headers);
        toResponse(); // a bad header is the thrower's bug: fail here, not later where it would hang the connection
    }

    /** The HTTP status to answer with, 400 to 599. */
    public int status() {
        return status;
    }

    /** The problem's {@code detail}, for the client (the exception's message). */
    public String detail() {
        return getMessage();
    }

    /** Extra response headers, such as {@code Retry-After}; empty when none. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The response the server sends for this exception. */
    public Response toResponse() {
        Response response = Response.problem(status, getMessage());
        for (Map.Entry<String, String> header : headers.entrySet()) {
            response = response.withHeader(header.getKey(), header.getValue());
        }
        return response;
    }
}
