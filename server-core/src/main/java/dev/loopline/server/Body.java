package dev.loopline.server;

import dev.loopline.server.internal.BodySource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * A message body: bytes in memory (a request body aggregated by the server, or a response built from bytes or
 * text), or a stream ({@link Flow.Publisher} of {@link ByteBuffer}s) that is read or written as it flows, with
 * backpressure. In-memory bodies are immutable and can be read any number of times; a streamed body is read once,
 * by one subscriber to {@link #publisher()}.
 *
 * <p>Streamed response bodies: {@link #stream(Flow.Publisher)} (unknown length: chunked on HTTP/1.1, close-delimited
 * for an HTTP/1.0 client), {@link #stream(Flow.Publisher, long)} ({@code Content-Length}), {@link #writer} (blocking
 * code writing to an {@code OutputStream} on the blocking executor). The server requests items only while the client
 * reads (the connection's write buffer is under its high-water mark), so no buffer grows without bound; a
 * {@code ByteBuffer} handed to {@code onNext} belongs to the server after the call. The status and headers go out
 * before the first item. A publisher that fails after that closes the connection (a status can no longer change).
 *
 * <p>Streamed request bodies: a route that asks for its body as a stream (see {@link BodyPolicy}) gets a body whose
 * {@link #publisher()} delivers the bytes as the client sends them; the server reads from the client only while the
 * subscriber has signalled demand.
 */
public final class Body {

    /** The empty body. */
    public static final Body EMPTY = new Body(new byte[0], null);

    private final byte[] bytes;       // in memory: never modified, never handed out; null when streamed
    private final BodySource source;  // streamed: where the bytes come from; null in memory

    private Body(byte[] bytes, BodySource source) {
        this.bytes = bytes;
        this.source = source;
    }

    /** A body holding a copy of {@code bytes}. */
    public static Body of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Body(bytes.clone(), null);
    }

    /**
     * A body that takes {@code bytes} over without a copy: the caller hands the array to the body and must never
     * change it afterwards (the body, and every response built with it, would change too). For large arrays made
     * once, such as a serialized document or a file read into memory.
     */
    public static Body wrap(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Body(bytes, null);
    }

    /** A body holding {@code text} encoded as UTF-8. */
    public static Body of(String text) {
        return text.isEmpty() ? EMPTY : new Body(text.getBytes(StandardCharsets.UTF_8), null);
    }

    /** A body holding a copy of the remaining bytes of {@code buffer} (its position is not changed). */
    public static Body of(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return wrap(copy);
    }

    /**
     * A body that takes the remaining bytes of {@code buffer} over without a copy (a direct buffer goes to the socket
     * as it is): the caller must not use the buffer afterwards. Sent with its {@code Content-Length}.
     */
    public static Body wrap(ByteBuffer buffer) {
        return new Body(null, BodySource.ofBuffer(buffer));
    }

    /**
     * A response body streamed from {@code publisher}, of a length not known in advance: sent chunked to an HTTP/1.1
     * client and close-delimited to an HTTP/1.0 one. The publisher is subscribed once, when the status and headers
     * have been written (never for a {@code HEAD} request).
     */
    public static Body stream(Flow.Publisher<ByteBuffer> publisher) {
        return new Body(null, BodySource.ofPublisher(Objects.requireNonNull(publisher, "publisher"), -1));
    }

    /**
     * A response body of exactly {@code length} bytes streamed from {@code publisher}, sent with
     * {@code Content-Length}. A publisher that ends with another number of bytes gets its connection closed (the
     * client sees a cut response, never a wrong one) and one ERROR line.
     */
    public static Body stream(Flow.Publisher<ByteBuffer> publisher, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative (was " + length + ")");
        }
        return new Body(null, BodySource.ofPublisher(Objects.requireNonNull(publisher, "publisher"), length));
    }

    /**
     * A response body written by blocking code: {@code writer} runs on the server's blocking executor once the status
     * and headers are out, and writes to an {@link java.io.OutputStream} whose {@code write} blocks while the client
     * is not reading (for at most {@link ServerConfig#idleTimeout()}, then it throws an {@code IOException}), so a
     * JDBC cursor can stream rows at the pace of the client. Chunked, like {@link #stream(Flow.Publisher)}.
     */
    public static Body writer(BodyWriter writer) {
        return new Body(null, BodySource.ofWriter(Objects.requireNonNull(writer, "writer")));
    }

    /**
     * This streamed body with trailer fields sent after its last chunk (HTTP/1.1 chunked only; other framings have no
     * trailers and leave them out): {@code trailers} is called once the publisher has completed.
     *
     * @throws IllegalStateException for a body in memory or one of known length (sent with {@code Content-Length})
     */
    public Body withTrailers(Supplier<Map<String, String>> trailers) {
        if (source == null || source.length() >= 0) {
            throw new IllegalStateException("trailers need a streamed body of unknown length (sent chunked)");
        }
        return new Body(null, source.withTrailers(Objects.requireNonNull(trailers, "trailers")));
    }

    /** True for a streamed body, whose bytes are read from {@link #publisher()}, not from memory. */
    public boolean isStreamed() {
        return source != null;
    }

    /** Number of bytes of a body in memory; -1 for a streamed body (see {@link #contentLength()}). */
    public int length() {
        return bytes != null ? bytes.length : -1;
    }

    /** Number of bytes, when known: of a body in memory, or a streamed body of declared length; else -1. */
    public long contentLength() {
        return bytes != null ? bytes.length : source.length();
    }

    /** True for a body known to have no bytes. */
    public boolean isEmpty() {
        return bytes != null ? bytes.length == 0 : source.length() == 0;
    }

    /**
     * The bytes as a publisher: a streamed body's own (one subscriber only; a second one gets an error), or, for a
     * body in memory, a publisher of one read-only buffer (any number of subscribers).
     */
    public Flow.Publisher<ByteBuffer> publisher() {
        return bytes != null ? BodySource.publisherOf(bytes) : source.publisher();
    }

    /**
     * The trailer fields that came after a streamed request body (chunked), once it has been read to its end; empty
     * fields for every other body.
     */
    public CompletionStage<Headers> trailers() {
        return source != null ? source.trailers() : BodySource.NO_TRAILERS;
    }

    /** A copy of the bytes; for a body in memory only (see {@link #isStreamed()}). */
    public byte[] bytes() {
        return inMemory().clone();
    }

    /** The bytes decoded as UTF-8; for a body in memory only. */
    public String asString() {
        return new String(inMemory(), StandardCharsets.UTF_8);
    }

    /** The bytes decoded with {@code charset}; for a body in memory only. */
    public String asString(Charset charset) {
        return new String(inMemory(), charset);
    }

    /**
     * A stream over the bytes. For a body in memory, without copying them. For a streamed body, an input stream whose
     * {@code read} blocks until the client's bytes arrive (with backpressure: the server reads from the client as the
     * stream is read), for a handler on {@link Offload#blocking}; never call it on an event loop.
     */
    public InputStream asStream() {
        return bytes != null ? new ByteArrayInputStream(bytes) : source.inputStream();
    }

    /** A read-only view of the bytes, without copying them; for a body in memory only. */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(inMemory()).asReadOnlyBuffer();
    }

    private byte[] inMemory() {
        if (bytes == null) {
            throw new IllegalStateException("this body is streamed, not in memory: read it with publisher() or "
                    + "asStream()");
        }
        return bytes;
    }

    /** Bodies in memory are equal when their bytes are; a streamed body only equals itself. */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        return other instanceof Body && bytes != null && Arrays.equals(bytes, ((Body) other).bytes);
    }

    @Override
    public int hashCode() {
        return bytes != null ? Arrays.hashCode(bytes) : System.identityHashCode(this);
    }

    @Override
    public String toString() {
        if (bytes != null) {
            return "Body[" + bytes.length + " bytes]";
        }
        return source.length() >= 0 ? "Body[streamed, " + source.length() + " bytes]" : "Body[streamed]";
    }
}
