package dev.loopline.server.internal.forms;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where one part's bytes go as the parser finds them: a field's bytes in memory up to the field limit; a file's in
 * memory up to the threshold, then in a temporary file, up to the file limit.
 */
final class PartSink {

    private final String name;
    private final boolean file;
    private final long limit;
    private final int threshold;
    private final FormStorage storage;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private Path path;
    private OutputStream out;
    private long size;

    private PartSink(String name, boolean file, long limit, int threshold, FormStorage storage) {
        this.name = name;
        this.file = file;
        this.limit = limit;
        this.threshold = threshold;
        this.storage = storage;
    }

    static PartSink field(String name, int limit) {
        return new PartSink(name, false, limit, Integer.MAX_VALUE, null);
    }

    /** Bytes that are counted against the form's total only: the epilogue after the closing boundary. */
    static PartSink discarding() {
        PartSink sink = new PartSink("(epilogue)", false, Long.MAX_VALUE, Integer.MAX_VALUE, null);
        sink.memory = null;
        return sink;
    }

    static PartSink file(String name, long limit, int threshold, FormStorage storage) {
        return new PartSink(name, true, limit, threshold, storage);
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0 || memory == null && out == null && !file) {
            return; // nothing, or a discarding sink
        }
        size += length;
        if (size > limit) {
            throw FormErrors.tooLarge((file ? "part '" + name + "' exceeds the file limit of "
                    : "field '" + name + "' exceeds the field limit of ") + limit + " bytes");
        }
        if (out == null && size <= threshold) {
            memory.write(bytes, offset, length);
            return;
        }
        if (out == null) {
            path = storage.create();
            out = Files.newOutputStream(path);
            memory.writeTo(out);
            memory = null;
        } else {
            storage.ensureOpen();
        }
        out.write(bytes, offset, length);
    }

    /** The field's bytes. */
    byte[] fieldBytes() {
        return memory.toByteArray();
    }

    /** The finished file part. */
    StoredPart finish(String fileName, String contentType) throws IOException {
        if (out != null) {
            out.close();
            out = null;
            return new StoredPart(name, fileName, contentType, size, null, path, storage);
        }
        return new StoredPart(name, fileName, contentType, size, memory.toByteArray(), null, storage);
    }

    /** The parse failed: an open file is closed (the storage deletes it). */
    void abandon() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the file is deleted with the storage
            }
            out = null;
        }
    }
}
