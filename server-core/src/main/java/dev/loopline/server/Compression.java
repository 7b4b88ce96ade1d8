package dev.loopline.server;

import dev.loopline.server.internal.compression.Codings;
import dev.loopline.server.internal.compression.CompressionFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Response compression as a filter, negotiated from {@code Accept-Encoding} with its q-values (RFC 9110 section
 * 12.5.3): {@code zstd}, {@code br} (when brotli4j and its native jar are on the class path), {@code gzip},
 * {@code deflate}.
 *
 * <pre>{@code
 * Router router = Router.builder().filter(Compression.filter()) ... .build();
 * }</pre>
 *
 * <p>Compressed: 2xx responses (not 204, not 206) whose type is on the list (text, JSON, JavaScript, XML, SVG, event
 * streams, ...), at least {@link Builder#minBytes} long (or streamed, of unknown length), without a
 * {@code Content-Encoding} of their own (a precompressed file) and without {@code Cache-Control: no-transform} (how a
 * handler opts out). Every response of a listed type gets {@code Vary: Accept-Encoding}. A strong {@code ETag} of a
 * compressed response is made weak.
 *
 * <p><b>The loop budget.</b> Compressing a large body is CPU work of the kind that must not run on an event loop: a
 * body in memory above {@link Builder#offloadAbove} is compressed on the CPU pool ({@link Offload#cpu}'s), and when
 * that pool is full it goes out uncompressed rather than waiting or stalling a loop. Small bodies are compressed
 * where the response is made. A streamed body is compressed as it flows, each buffer on the thread that produced it,
 * and flushed, so each event of an event stream reaches its client at once.
 *
 * <p>With {@link Builder#decompressRequests}, compressed request bodies in memory ({@code Content-Encoding: gzip,
 * deflate, zstd}) are decoded before the handler runs, up to a limit on the decoded size (a zip bomb is a 413); an
 * unknown coding is a 415, corrupt data a 400. A route that streams its body gets it as sent.
 */
public final class Compression {

    private Compression() {
    }

    /** A filter with the defaults of {@link #builder()}. */
    public static Filter filter() {
        return builder().build();
    }

    /** Options, with defaults: every available coding, 1 KiB minimum, 64 KiB offload size, gzip 6, zstd 3, brotli 4. */
    public static Builder builder() {
        return new Builder();
    }

    /** The codings this JVM can produce, the server's preference first ({@code br} only with brotli4j). */
    public static List<String> availableCodings() {
        return Codings.available(List.of(Codings.ZSTD, Codings.BROTLI, Codings.GZIP, Codings.DEFLATE));
    }

    /** Options of the compression filter. */
    public static final class Builder {
        private List<String> codings = List.of(Codings.ZSTD, Codings.BROTLI, Codings.GZIP, Codings.DEFLATE);
        private int minBytes = 1024;
        private int offloadAbove = 64 * 1024;
        private int gzipLevel = 6;
        private int zstdLevel = 3;
        private int brotliQuality = 4;
        private final List<String> types = new ArrayList<>(List.of("text/", "application/json", "+json",
                "application/javascript", "application/xml", "+xml", "image/svg+xml", "application/wasm",
                "application/x-ndjson", "application/problem+json", "application/manifest+json"));
        private long maxDecodedBytes = -1;

        private Builder() {
        }

        /** The codings to offer, the server's preference first (a client's q-values come first); of zstd, br, gzip, deflate. */
        public Builder codings(String... names) {
            List<String> chosen = new ArrayList<>();
            for (String name : names) {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!Codings.isKnown(lower)) {
                    throw new IllegalArgumentException("unknown content coding \"" + name + "\"; known: zstd, br, gzip,"
                            + " deflate");
                }
                chosen.add(lower);
            }
            codings = List.copyOf(chosen);
            return this;
        }

        /** Bodies shorter than this are sent as they are (default 1024 bytes). */
        public Builder minBytes(int bytes) {
            minBytes = atLeast(bytes, 0, "minBytes");
            return this;
        }

        /** Bodies in memory longer than this are compressed on the CPU pool, not where the response is made (64 KiB). */
        public Builder offloadAbove(int bytes) {
            offloadAbove = atLeast(bytes, 0, "offloadAbove");
            return this;
        }

        /** The gzip and deflate level, 1 (fastest) to 9 (smallest); default 6. */
        public Builder gzipLevel(int level) {
            gzipLevel = within(level, 1, 9, "gzipLevel");
            return this;
        }

        /** The zstd level, 1 to 19; default 3. */
        public Builder zstdLevel(int level) {
            zstdLevel = within(level, 1, 19, "zstdLevel");
            return this;
        }

        /** The brotli quality, 0 to 11; default 4 (11 is for precompressing files, too slow per response). */
        public Builder brotliQuality(int quality) {
            brotliQuality = within(quality, 0, 11, "brotliQuality");
            return this;
        }

        /**
         * Adds media types to compress: an exact type ({@code application/geo+json}), a prefix ending with {@code /}
         * ({@code text/}), or a suffix starting with {@code +} ({@code +json}).
         */
        public Builder alsoTypes(String... mediaTypes) {
            for (String type : mediaTypes) {
                types.add(Objects.requireNonNull(type, "type").toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /** Decodes compressed request bodies in memory, up to {@code maxDecodedBytes} decoded (off by default). */
        public Builder decompressRequests(long maxDecodedBytes) {
            if (maxDecodedBytes < 0) {
                throw new IllegalArgumentException("maxDecodedBytes must be >= 0 (was " + maxDecodedBytes + ")");
            }
            this.maxDecodedBytes = maxDecodedBytes;
            return this;
        }

        /** The filter. */
        public Filter build() {
            return new CompressionFilter(codings, minBytes, offloadAbove, gzipLevel, zstdLevel, brotliQuality, types,
                    maxDecodedBytes);
        }

        private static int atLeast(int value, int min, String field) {
            if (value < min) {
                throw new IllegalArgumentException(field + " must be >= " + min + " (was " + value + ")");
            }
            return value;
        }

        private static int within(int value, int min, int max, String field) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(field + " must be " + min + ".." + max + " (was " + value + ")");
            }
            return value;
        }
    }
}
