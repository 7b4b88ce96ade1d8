package dev.loopline.server.internal;

import dev.loopline.server.BodyWriter;
import dev.loopline.server.Headers;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * Where the bytes of a streamed {@link dev.loopline.server.Body} come from: a publisher (of known or unknown length),
 * one buffer, or a blocking writer; plus its trailers. Immutable; the publisher itself is read once.
 */
public final class BodySource {

    /** The trailers of a body that has none. */
    public static final CompletionStage<Headers> NO_TRAILERS = CompletableFuture.completedFuture(FieldList.EMPTY);

    private static final OffloadExecutors STANDALONE = new OffloadExecutors(dev.loopline.server.ServerConfig.builder()
            .build());

    private final Flow.Publisher<ByteBuffer> publisher; // null for a writer
    private final BodyWriter writer;                    // null unless a writer
    private final long length;                          // -1 when unknown
    private final Supplier<Map<String, String>> trailersToSend; // response trailers, or null
    private final CompletionStage<Headers> trailersReceived;    // request trailers
    private final FileRegionSource file;                        // a region of an open file, or null

    private BodySource(Flow.Publisher<ByteBuffer> publisher, BodyWriter writer, long length,
                       Supplier<Map<String, String>> trailersToSend, CompletionStage<Headers> trailersReceived,
                       FileRegionSource file) {
        this.publisher = publisher;
        this.writer = writer;
        this.length = length;
        this.trailersToSend = trailersToSend;
        this.trailersReceived = trailersReceived;
        this.file = file;
    }

    /** A region of an open file; sent with sendfile where the connection allows, else read in chunks. */
    record FileRegionSource(FileChannel channel, long start, long length) {
    }

    static BodySource ofFile(FileChannel channel, long start, long length) {
        return new BodySource(null, null, length, null, NO_TRAILERS, new FileRegionSource(channel, start, length));
    }

    /** The file region, when this body is one. */
    FileRegionSource file() {
        return file;
    }

    /** Frees what the body holds when it will never be sent (an open file). */
    void discard() {
        if (file != null) {
            FileBodies.closeQuietly(file.channel());
        }
    }

    public static BodySource ofPublisher(Flow.Publisher<ByteBuffer> publisher, long length) {
        return new BodySource(publisher, null, length, null, NO_TRAILERS, null);
    }

    public static BodySource ofBuffer(ByteBuffer buffer) {
        return new BodySource(new SingleBufferPublisher(buffer.slice()), null, buffer.remaining(), null, NO_TRAILERS,
                null);
    }

    public static BodySource ofWriter(BodyWriter writer) {
        return new BodySource(null, writer, -1, null, NO_TRAILERS, null);
    }

    /** A request body arriving from a client; its trailers complete when it has been read to its end. */
    static BodySource ofRequest(Flow.Publisher<ByteBuffer> publisher, long length, CompletionStage<Headers> trailers) {
        return new BodySource(publisher, null, length, null, trailers, null);
    }

    public static Flow.Publisher<ByteBuffer> publisherOf(byte[] bytes) {
        return new SingleBufferPublisher(ByteBuffer.wrap(bytes));
    }

    public BodySource withTrailers(Supplier<Map<String, String>> trailers) {
        return new BodySource(publisher, writer, length, trailers, trailersReceived, file);
    }

    public long length() {
        return length;
    }

    /** The bytes as a publisher; a writer runs on a standalone blocking executor (outside a server). */
    public Flow.Publisher<ByteBuffer> publisher() {
        return publisher(STANDALONE.blocking());
    }

    /** The bytes as a publisher; a writer runs on {@code blockingExecutor} (the server's). */
    Flow.Publisher<ByteBuffer> publisher(Executor blockingExecutor) {
        if (file != null) {
            return new FilePublisher(file.channel(), file.start(), file.length(), blockingExecutor);
        }
        return writer != null ? new WriterPublisher(writer, blockingExecutor) : publisher;
    }

    boolean isWriter() {
        return writer != null;
    }

    /** The trailers to send after the last chunk, or null. */
    Supplier<Map<String, String>> trailersToSend() {
        return trailersToSend;
    }

    public CompletionStage<Headers> trailers() {
        return trailersReceived;
    }

    public InputStream inputStream() {
        PublisherInputStream stream = new PublisherInputStream();
        publisher().subscribe(stream);
        return stream;
    }
}
