package dev.loopline.server;

import dev.loopline.server.internal.Failures;
import dev.loopline.server.internal.FieldList;
import dev.loopline.server.internal.Problems;
import dev.loopline.server.internal.StatusText;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An immutable HTTP response: status, header fields and body. {@code Content-Length}, {@code Date} and
 * {@code Server} are added by the server when it writes the response. A response can be built once and
 * returned many times.
 */
public final class Response {

    /** The {@code Content-Type} of {@link #text}. */
    public static final String TEXT_PLAIN = "text/plain; charset=utf-8";
    /** The {@code Content-Type} of {@link #json}. */
    public static final String APPLICATION_JSON = "application/json";
    /** The {@code Content-Type} of {@link #problem} (RFC 9457). */
    public static final String PROBLEM_JSON = "application/problem+json";

    private final int status;
    private final FieldList headers;
    private final Body body;

    /** The body of the one 101 response there is, the server's answer to a WebSocket upgrade it accepted. */
    private static final Body SWITCHING_PROTOCOLS = Body.wrap(new byte[0]);

    private Response(int status, FieldList headers, Body body) {
        if (status == 101 ? body != SWITCHING_PROTOCOLS : status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be 200..599 (was " + status + "); 101 is the server's "
                    + "own answer to an upgrade (see WebSockets)");
        }
        if ((status == 204 || status == 304) && !body.isEmpty()) {
            throw new IllegalArgumentException("a " + status + " response has no body (RFC 9110 section 15); use "
                    + "Response.empty(" + status + ")");
        }
        this.status = status;
        this.headers = headers;
        this.body = Objects.requireNonNull(body, "body");
    }

    /** A response with the given status, {@code Content-Type} and body. */
    public static Response of(int status, String contentType, Body body) {
        return new Response(status, FieldList.EMPTY.with("Content-Type", contentType), body);
    }

    /** 200 {@code text/plain; charset=utf-8}. */
    public static Response text(String text) {
        return text(200, text);
    }

    /** {@code status} with {@code text/plain; charset=utf-8}. */
    public static Response text(int status, String text) {
        return of(status, TEXT_PLAIN, Body.of(text));
    }

    /** 200 {@code application/json} with an already-serialized JSON document. */
    public static Response json(String json) {
        return json(200, json);
    }

    /** {@code status} with {@code application/json} and an already-serialized JSON document. */
    public static Response json(int status, String json) {
        return of(status, APPLICATION_JSON, Body.of(json));
    }

    /** 200 {@code application/json} with already-serialized UTF-8 JSON bytes (copied). */
    public static Response json(byte[] json) {
        return json(200, json);
    }

    /** {@code status} with {@code application/json} and already-serialized UTF-8 JSON bytes (copied). */
    public static Response json(int status, byte[] json) {
        return of(status, APPLICATION_JSON, Body.of(json));
    }

    /** 101 with the handshake's header fields: only {@link WebSockets#upgrade} makes one. */
    static Response switchingProtocols(Map<String, String> fields) {
        FieldList list = FieldList.EMPTY;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            list = list.plus(field.getKey(), field.getValue());
        }
        return new Response(101, list, SWITCHING_PROTOCOLS);
    }

    /** A response without a body, for example 204, or 201 with a {@code Location}. */
    public static Response empty(int status) {
        return new Response(status, FieldList.EMPTY, Body.EMPTY);
    }

    /** A {@code text/plain} response whose body is the status's reason phrase, for example "Accepted". */
    public static Response status(int status) {
        return text(status, StatusText.reason(status));
    }

    /** An RFC 9457 {@code application/problem+json} response; {@code detail} tells the client what was wrong. */
    public static Response problem(int status, String detail) {
        return of(status, PROBLEM_JSON, Body.of(Problems.json(status, detail)));
    }

    /**
     * The response the server sends for a failed handler: an {@link HttpStatusException}'s own response, else a
     * 500 problem, after logging the failure with its stack (once). For a filter that must see (and decorate)
     * error responses: once it has turned the failure into this response, the server does not log it again.
     */
    public static Response fromFailure(Request request, Throwable failure) {
        return Failures.toResponse(request, failure);
    }

    /** This response wrapped in an already-completed stage, the cheapest thing a handler can return. */
    public CompletionStage<Response> completed() {
        return CompletableFuture.completedFuture(this);
    }

    /** The status code, 200 to 599. */
    public int status() {
        return status;
    }

    /** The header fields the handler set (the server adds {@code Date}, {@code Server} and the framing). */
    public Headers headers() {
        return headers;
    }

    /** The body; empty for {@link #empty}. */
    public Body body() {
        return body;
    }

    /** This response with another status. */
    public Response withStatus(int newStatus) {
        return new Response(newStatus, headers, body);
    }

    /**
     * This response with header {@code name} set to {@code value}, replacing any earlier value.
     *
     * @throws IllegalArgumentException for an invalid name or value, or for a field the server owns
     *     ({@code Content-Length}, {@code Transfer-Encoding})
     */
    public Response withHeader(String name, String value) {
        return new Response(status, headers.with(name, value), body);
    }

    /** This response with one more {@code name: value} line, keeping earlier values (for {@code Set-Cookie}). */
    public Response addHeader(String name, String value) {
        return new Response(status, headers.plus(name, value), body);
    }

    /** This response without header {@code name}. */
    public Response withoutHeader(String name) {
        return new Response(status, headers.without(name), body);
    }

    /** This response with another body and its {@code Content-Type}. */
    public Response withBody(String contentType, Body newBody) {
        return new Response(status, headers.with("Content-Type", contentType), newBody);
    }

    @Override
    public String toString() {
        return "Response[" + status + ", " + headers + ", " + body + "]";
    }
}
