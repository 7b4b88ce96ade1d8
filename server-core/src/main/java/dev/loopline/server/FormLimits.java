package dev.loopline.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The limits {@link Form#read(Request, FormLimits)} enforces, and where file parts larger than the in-memory
 * threshold are kept while the request lasts. Immutable; each {@code with...} method returns a copy.
 *
 * <p>Every exceeded limit fails the read with {@code 413 Content Too Large} and a message that names the limit and
 * the part ("part 'avatar' exceeds the file limit of 10485760 bytes"). The defaults suit a form with a few fields
 * and a few files of moderate size; raise what a route needs, on that route only.
 */
public final class FormLimits {

    private static final FormLimits DEFAULTS = new FormLimits(128, 64 * 1024, 32L * 1024 * 1024,
            64L * 1024 * 1024, 16 * 1024, Path.of(System.getProperty("java.io.tmpdir")));

    private final int maxParts;
    private final int maxFieldBytes;
    private final long maxFileBytes;
    private final long maxTotalBytes;
    private final int memoryThreshold;
    private final Path tempDirectory;

    private FormLimits(int maxParts, int maxFieldBytes, long maxFileBytes, long maxTotalBytes, int memoryThreshold,
                       Path tempDirectory) {
        this.maxParts = maxParts;
        this.maxFieldBytes = maxFieldBytes;
        this.maxFileBytes = maxFileBytes;
        this.maxTotalBytes = maxTotalBytes;
        this.memoryThreshold = memoryThreshold;
        this.tempDirectory = tempDirectory;
    }

    /**
     * 128 parts, 64 KiB per field, 32 MiB per file, 64 MiB in all, files above 16 KiB kept in temporary files in
     * the JVM's temporary directory ({@code java.io.tmpdir}).
     */
    public static FormLimits defaults() {
        return DEFAULTS;
    }

    /** At most {@code parts} fields and files (urlencoded pairs or multipart parts) in one form. */
    public FormLimits withMaxParts(int parts) {
        positive("parts", parts);
        return new FormLimits(parts, maxFieldBytes, maxFileBytes, maxTotalBytes, memoryThreshold, tempDirectory);
    }

    /** At most {@code bytes} in the value of one field (a part without a file name, or an urlencoded value). */
    public FormLimits withMaxFieldBytes(int bytes) {
        positive("bytes", bytes);
        return new FormLimits(maxParts, bytes, maxFileBytes, maxTotalBytes, memoryThreshold, tempDirectory);
    }

    /** At most {@code bytes} in one file part. */
    public FormLimits withMaxFileBytes(long bytes) {
        positive("bytes", bytes);
        return new FormLimits(maxParts, maxFieldBytes, bytes, maxTotalBytes, memoryThreshold, tempDirectory);
    }

    /**
     * At most {@code bytes} in the whole body, boundaries and part headers included. A route that takes its body
     * streamed should stream at least this much: see {@link #bodyPolicy()}.
     */
    public FormLimits withMaxTotalBytes(long bytes) {
        positive("bytes", bytes);
        return new FormLimits(maxParts, maxFieldBytes, maxFileBytes, bytes, memoryThreshold, tempDirectory);
    }

    /** File parts up to {@code bytes} stay in memory; larger ones go to a temporary file. */
    public FormLimits withMemoryThreshold(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0 (was " + bytes + ")");
        }
        return new FormLimits(maxParts, maxFieldBytes, maxFileBytes, maxTotalBytes, bytes, tempDirectory);
    }

    /**
     * Where file parts above the memory threshold are written while the request lasts (files readable by the
     * server's user only, deleted when the request ends). The directory must exist.
     */
    public FormLimits withTempDirectory(Path directory) {
        Objects.requireNonNull(directory, "directory");
        return new FormLimits(maxParts, maxFieldBytes, maxFileBytes, maxTotalBytes, memoryThreshold, directory);
    }

    /** The most fields and files in one form. */
    public int maxParts() {
        return maxParts;
    }

    /** The most bytes in one field's value. */
    public int maxFieldBytes() {
        return maxFieldBytes;
    }

    /** The most bytes in one file. */
    public long maxFileBytes() {
        return maxFileBytes;
    }

    /** The most bytes in the whole body. */
    public long maxTotalBytes() {
        return maxTotalBytes;
    }

    /** The size up to which a file part stays in memory. */
    public int memoryThreshold() {
        return memoryThreshold;
    }

    /** The directory of temporary files. */
    public Path tempDirectory() {
        return tempDirectory;
    }

    /**
     * The body policy for a route whose handler reads a form with these limits: the body streamed, up to
     * {@link #maxTotalBytes()}, so that files are never held in memory whole:
     * {@code router.post("/upload", limits.bodyPolicy().applyTo(handler))}.
     */
    public BodyPolicy bodyPolicy() {
        return BodyPolicy.streamed(maxTotalBytes);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0 (was " + value + ")");
        }
    }

    @Override
    public String toString() {
        return "FormLimits[parts=" + maxParts + ", fieldBytes=" + maxFieldBytes + ", fileBytes=" + maxFileBytes
                + ", totalBytes=" + maxTotalBytes + ", memoryThreshold=" + memoryThreshold + ", tempDirectory="
                + tempDirectory + "]";
    }
}
