package dev.loopline.loadtest.servers;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * What every bench server answers, in one place, so that no server gets an easier job than another: the
 * endpoints, the payloads, the parameter defaults and limits, and the check value of {@code /cpu}.
 */
public final class BenchContract {

    public static final String PLAINTEXT_PATH = "/plaintext";
    public static final String JSON_PATH = "/json";
    public static final String SLOW_PATH = "/slow";
    public static final String CPU_PATH = "/cpu";
    public static final String CPU_INLINE_PATH = "/cpu-inline";
    /**
     * {@code /allocate?bytes=N}: {@code /plaintext}'s answer after allocating an N-byte array on the heap. Loopline
     * only, and in no scenario: it is how a test checks that the heap-per-request column measures what it says.
     */
    public static final String ALLOCATE_PATH = "/allocate";
    /** 1 MiB of bytes as 64 chunks of 16 KiB, streamed: the large-body download scenario (event-loop servers). */
    public static final String DOWNLOAD_PATH = "/download";
    public static final int DOWNLOAD_CHUNK_BYTES = 16 * 1024;
    public static final int DOWNLOAD_CHUNKS = 64;
    /** The same 1 MiB as a file ({@link BenchFiles#oneMiB()}), served as static files are: the static-file scenario. */
    public static final String FILE_PATH = "/file";
    /** A WebSocket endpoint that sends every text message back: the websocket-echo scenario (event-loop servers). */
    public static final String WEBSOCKET_PATH = "/ws-echo";
    /**
     * Server-sent events: every open stream gets one event every {@link #EVENTS_INTERVAL_MILLIS} ms, whose data is
     * {@link #eventData}: the sending server's {@code System.nanoTime()} (one clock for every process of a Linux
     * machine), so a client on the same machine measures the time from broadcast to receipt. The sse-fanout scenario.
     */
    public static final String EVENTS_PATH = "/events";
    public static final int EVENTS_INTERVAL_MILLIS = 50;
    private static final String EVENT_PADDING = " " + "x".repeat(80);

    /** The data of one broadcast event: {@code <nanoTime> xxxx...} (about 100 bytes). */
    public static String eventData(long nanoTime) {
        return nanoTime + EVENT_PADDING;
    }

    /**
     * A 9 MB CSV export of {@link #EXPORT_ROWS} generated rows, written by blocking code on the offload pool: streamed
     * as it is written, or with {@code ?buffered=true} built whole in memory first (the anti-pattern streaming
     * removes). Loopline only: the export-ttfb scenario compares the two by their time to first byte.
     */
    public static final String EXPORT_PATH = "/export";
    public static final int EXPORT_ROWS = 150_000;

    /** Row {@code i} of the export: about 60 bytes of CSV, made as a cursor's row is formatted. */
    public static String exportRow(int i) {
        return i + ",customer-" + (i * 7919 % 100_000) + ",order-" + (i * 31 % 1_000_000) + ","
                + (i % 9_973) + "." + (i % 100) + ",2026-12-05T10:00:00Z\n";
    }

    public static final String TEXT_PLAIN = "text/plain";
    public static final String APPLICATION_JSON = "application/json";

    public static final String HELLO = "Hello, World!";
    public static final byte[] HELLO_BYTES = HELLO.getBytes(StandardCharsets.US_ASCII);

    public static final String SLOW_PARAM = "ms";
    public static final int SLOW_DEFAULT_MILLIS = 100;
    public static final int SLOW_MAX_MILLIS = 60_000;

    public static final String CPU_PARAM = "n";
    public static final int CPU_DEFAULT_ROUNDS = 2000;
    public static final int CPU_MAX_ROUNDS = 1_000_000;
    public static final String ALLOCATE_PARAM = "bytes";
    public static final int ALLOCATE_MAX_BYTES = 16 * 1024 * 1024;

    /** {@code /cpu?n=2000} must answer exactly this. */
    public static final String CPU_CHECK_2000 = "a41281d8034043311e3470a42afeb78aaf056b7a94443917689651cdcbb6be09";

    /** The {@code /json} document; serialized by Jackson on every request, by every server. */
    public record Message(String message) {
    }

    private BenchContract() {
    }

    /**
     * A query parameter value checked against the contract: the default when absent, empty when it is not an
     * integer in {@code 0..max} (the server answers 400).
     */
    public static OptionalInt boundedInt(String value, int defaultValue, int max) {
        if (value == null || value.isEmpty()) {
            return OptionalInt.of(defaultValue);
        }
        if (value.length() > 9) {
            return OptionalInt.empty();
        }
        int parsed = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalInt.empty();
            }
            parsed = parsed * 10 + (c - '0');
        }
        return parsed <= max ? OptionalInt.of(parsed) : OptionalInt.empty();
    }
}
