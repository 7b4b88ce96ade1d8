package dev.loopline.server;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** An immutable message body: the bytes of a request (already aggregated) or of a response. */
public final class Body {

    /** The empty body. */
    public static final Body EMPTY = new Body(new byte[0]);

    private final byte[] bytes; // never modified, never handed out

    private Body(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A body holding a copy of {@code bytes}. */
    public static Body of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Body(bytes.clone());
    }

    /**
     * A body that takes {@code bytes} over without a copy: the caller hands the array to the body and must never
     * change it afterwards (the body, and every response built with it, would change too). For large arrays made
     * once, such as a serialized document or a file read into memory.
     */
    public static Body wrap(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Body(bytes);
    }

    /** A body holding {@code text} encoded as UTF-8. */
    public static Body of(String text) {
        return text.isEmpty() ? EMPTY : new Body(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The number of bytes. */
    public int length() {
        return bytes.length;
    }

    /** Whether there are no bytes. */
    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes decoded as UTF-8. */
    public String asString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The bytes decoded with {@code charset}. */
    public String asString(Charset charset) {
        return new String(bytes, charset);
    }

    /** A stream over the bytes, without copying them. */
    public InputStream asStream() {
        return new ByteArrayInputStream(bytes);
    }

    /** A read-only view of the bytes, without copying them. */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Body && Arrays.equals(bytes, ((Body) other).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Body[" + bytes.length + " bytes]";
    }
}
