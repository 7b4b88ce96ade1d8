package dev.loopline.server.internal.compression;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The content codings the server can produce (RFC 9110 section 8.4.1): {@code zstd} (zstd-jni), {@code br} (only when
 * brotli4j and its native library are on the class path), {@code gzip} and {@code deflate} (the JDK's zlib).
 */
public final class Codings {

    public static final String ZSTD = "zstd";
    public static final String BROTLI = "br";
    public static final String GZIP = "gzip";
    public static final String DEFLATE = "deflate";

    private static final boolean BROTLI_AVAILABLE = brotliOnClassPath();

    private Codings() {
    }

    /** Of {@code wanted}, those this JVM can produce, in the same order. */
    public static List<String> available(List<String> wanted) {
        List<String> available = new ArrayList<>(wanted.size());
        for (String coding : wanted) {
            if (!coding.equals(BROTLI) || BROTLI_AVAILABLE) {
                available.add(coding);
            }
        }
        return available;
    }

    /** True for a coding this server knows, available or not. */
    public static boolean isKnown(String coding) {
        return coding.equals(ZSTD) || coding.equals(BROTLI) || coding.equals(GZIP) || coding.equals(DEFLATE);
    }

    /** An encoder of {@code coding} at {@code level} (the coding's own scale). */
    static ChunkEncoder encoder(String coding, int level, boolean flushEach) throws IOException {
        switch (coding) {
            case GZIP:
                return new ChunkEncoder(out -> gzip(out, level), flushEach);
            case DEFLATE:
                return new ChunkEncoder(out -> new DeflaterOutputStream(out, new Deflater(level), 8192, true) {
                    @Override
                    public void close() throws IOException {
                        try {
                            super.close();
                        } finally {
                            def.end(); // a Deflater passed in is not ended by the stream: free its native memory
                        }
                    }
                }, flushEach);
            case ZSTD:
                return new ChunkEncoder(out -> zstd(out, level), flushEach);
            case BROTLI:
                return new ChunkEncoder(out -> BrotliSupport.stream(out, level), flushEach);
            default:
                throw new IllegalArgumentException("no encoder for content coding " + coding);
        }
    }

    private static OutputStream gzip(OutputStream out, int level) {
        try {
            return new GZIPOutputStream(out, 8192, true) {
                {
                    def.setLevel(level);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OutputStream zstd(OutputStream out, int level) {
        try {
            return new ZstdOutputStream(out, level);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean brotliOnClassPath() {
        try {
            Class.forName("com.aayushatharva.brotli4j.Brotli4jLoader", false, Codings.class.getClassLoader());
            return BrotliSupport.isAvailable();
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }
}
