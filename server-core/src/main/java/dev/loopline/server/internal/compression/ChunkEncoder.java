package dev.loopline.server.internal.compression;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Compresses a body in one content coding, chunk by chunk: each chunk's output is flushed (so a streamed body's
 * client, an event stream's above all, gets every chunk without waiting for the next one), and {@link #finish()}
 * ends the coding. One body, one thread at a time. Closing frees the coder's native memory.
 */
final class ChunkEncoder implements AutoCloseable {

    private final ByteArrayOutputStream sink = new ByteArrayOutputStream(8 * 1024);
    private final OutputStream coder;
    private final boolean flushEach;
    private boolean finished;

    /** {@code coder} writes to {@code sink()}'s stream; made by {@link Codings#encoder}. */
    ChunkEncoder(java.util.function.Function<OutputStream, OutputStream> coder, boolean flushEach) throws IOException {
        this.coder = open(coder);
        this.flushEach = flushEach;
    }

    private OutputStream open(java.util.function.Function<OutputStream, OutputStream> factory) throws IOException {
        try {
            return factory.apply(sink);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The compressed bytes of {@code chunk} (flushed when this encoder flushes each chunk); may be empty. */
    byte[] encode(ByteBuffer chunk) throws IOException {
        if (chunk.hasArray()) {
            coder.write(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
        } else {
            byte[] copy = new byte[chunk.remaining()];
            chunk.duplicate().get(copy);
            coder.write(copy);
        }
        if (flushEach) {
            coder.flush();
        }
        return take();
    }

    /** The last compressed bytes: what the coder still held, and its trailer. */
    byte[] finish() throws IOException {
        finished = true;
        coder.close();
        return take();
    }

    private byte[] take() {
        byte[] bytes = sink.toByteArray();
        sink.reset();
        return bytes;
    }

    @Override
    public void close() {
        if (!finished) {
            finished = true;
            try {
                coder.close();
            } catch (IOException ignored) {
                // abandoned half-way: only its native memory matters, and close freed it
            }
        }
    }
}
