package dev.loopline.server;

import static dev.loopline.server.internal.ConfigRules.atLeast;
import static dev.loopline.server.internal.ConfigRules.positive;
import static dev.loopline.server.internal.ConfigRules.range;

import java.time.Duration;
import java.util.Arrays;

/**
 * HTTP/2 on the server's port (see {@link ServerConfig.Builder#http2(Http2Config)}). With HTTP/2 on (the default), a
 * cleartext port speaks HTTP/1.1 and HTTP/2 with prior knowledge (h2c, RFC 9113 section 3.3), told apart by the
 * client's first bytes, and a TLS port offers {@code h2} and {@code http/1.1} by ALPN. Every stream is a request to
 * the same handler, filters and limits as an HTTP/1.1 request; {@link Request#protocol()} says {@code HTTP/2.0}.
 *
 * <p>The limits are the connection's defences; each answers abuse as RFC 9113 says, with a GOAWAY naming the error
 * when the whole connection is at fault:
 * <ul>
 *   <li>{@link #maxConcurrentStreams()}: streams past it are refused ({@code RST_STREAM REFUSED_STREAM});
 *   <li>{@link #maxHeaderListBytes()}: a larger header list (an HPACK bomb, or a CONTINUATION flood) is refused
 *       with 431, or the connection is closed when the block cannot be decoded any further;
 *   <li>{@link #maxFrameBytes()}: a larger frame closes the connection ({@code FRAME_SIZE_ERROR});
 *   <li>{@link #maxResetStreams()} per {@link #resetWindow()}: more streams reset by the client (the rapid reset
 *       attack, CVE-2023-44487) close it with {@code ENHANCE_YOUR_CALM};
 *   <li>{@link #maxEmptyDataFrames()}: more empty DATA frames in a row close it with {@code ENHANCE_YOUR_CALM};
 *   <li>{@link #maxQueuedControlFrames()}: a client that sends SETTINGS or PING frames without reading the
 *       acknowledgements is disconnected once that many are queued;
 *   <li>window updates past 2^31-1 and invalid, uppercase or connection-specific header fields are the errors RFC 9113
 *       sections 6.9.1 and 8.2 name.
 * </ul>
 * Immutable.
 */
public final class Http2Config {

    private static final Http2Config DEFAULTS = builder().build();

    private final boolean enabled;
    private final boolean cleartextUpgrade;
    private final int maxConcurrentStreams;
    private final int maxHeaderListBytes;
    private final int maxFrameBytes;
    private final int initialWindowBytes;
    private final int connectionWindowBytes;
    private final int maxResetStreams;
    private final Duration resetWindow;
    private final int maxEmptyDataFrames;
    private final int maxQueuedControlFrames;

    private Http2Config(Builder b) {
        this.enabled = b.enabled;
        this.cleartextUpgrade = b.cleartextUpgrade;
        this.maxConcurrentStreams = b.maxConcurrentStreams;
        this.maxHeaderListBytes = b.maxHeaderListBytes;
        this.maxFrameBytes = b.maxFrameBytes;
        this.initialWindowBytes = b.initialWindowBytes;
        this.connectionWindowBytes = b.connectionWindowBytes;
        this.maxResetStreams = b.maxResetStreams;
        this.resetWindow = b.resetWindow;
        this.maxEmptyDataFrames = b.maxEmptyDataFrames;
        this.maxQueuedControlFrames = b.maxQueuedControlFrames;
    }

    /** HTTP/2 on, with every limit at its default. */
    public static Http2Config defaults() {
        return DEFAULTS;
    }

    /** HTTP/2 off: the port speaks HTTP/1.1 only, and a TLS port offers only {@code http/1.1} by ALPN. */
    public static Http2Config disabled() {
        return builder().enabled(false).build();
    }

    /** A builder with every field at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether the port speaks HTTP/2 at all (default true). */
    public boolean enabled() { return enabled; }
    /**
     * Whether a cleartext HTTP/1.1 request may switch to h2c with {@code Upgrade: h2c} (RFC 7540 section 3.2; default
     * false). Off by default because RFC 9113 deprecated it, no browser uses it, and the upgrade request (with its
     * body) must be held in memory before the switch; clients that want h2c use prior knowledge.
     */
    public boolean cleartextUpgrade() { return cleartextUpgrade; }
    /** Streams a client may have open at once on one connection (default 100, the least RFC 9113 advises). */
    public int maxConcurrentStreams() { return maxConcurrentStreams; }
    /** The largest header list of a request, uncompressed, as RFC 9113 counts it (default 16 KiB). */
    public int maxHeaderListBytes() { return maxHeaderListBytes; }
    /** The largest frame payload the client may send (default 16 KiB, the protocol's minimum). */
    public int maxFrameBytes() { return maxFrameBytes; }
    /** The flow-control window of each request stream: body bytes a client may send before it is read (64 KiB). */
    public int initialWindowBytes() { return initialWindowBytes; }
    /** The flow-control window of the whole connection, shared by its request bodies (default 1 MiB). */
    public int connectionWindowBytes() { return connectionWindowBytes; }
    /** Streams a client may reset within {@link #resetWindow()} before the connection is closed (default 200). */
    public int maxResetStreams() { return maxResetStreams; }
    /** The window over which reset streams are counted (default 30 s; counted in whole seconds, at least one). */
    public Duration resetWindow() { return resetWindow; }
    /** Empty DATA frames without END_STREAM a client may send in a row (default 2). */
    public int maxEmptyDataFrames() { return maxEmptyDataFrames; }
    /** Control frames (SETTINGS and PING acknowledgements, RST_STREAM) queued for an unread client (10 000). */
    public int maxQueuedControlFrames() { return maxQueuedControlFrames; }

    private Object[] values() {
        return new Object[] {enabled, cleartextUpgrade, maxConcurrentStreams, maxHeaderListBytes, maxFrameBytes,
            initialWindowBytes, connectionWindowBytes, maxResetStreams, resetWindow, maxEmptyDataFrames,
            maxQueuedControlFrames};
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Http2Config && Arrays.equals(values(), ((Http2Config) other).values());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values());
    }

    /** Every field, for the start-up log. */
    @Override
    public String toString() {
        return enabled ? "Http2Config[cleartextUpgrade=" + cleartextUpgrade + ", maxConcurrentStreams="
                + maxConcurrentStreams + ", maxHeaderListBytes=" + maxHeaderListBytes + ", maxFrameBytes="
                + maxFrameBytes + ", initialWindowBytes=" + initialWindowBytes + ", connectionWindowBytes="
                + connectionWindowBytes + ", maxResetStreams=" + maxResetStreams + "/" + resetWindow
                + ", maxEmptyDataFrames=" + maxEmptyDataFrames + ", maxQueuedControlFrames=" + maxQueuedControlFrames
                + "]" : "Http2Config[disabled]";
    }

    /** Collects values for an {@link Http2Config}; each setter rejects a bad value at once, naming the field. */
    public static final class Builder {
        private boolean enabled = true;
        private boolean cleartextUpgrade;
        private int maxConcurrentStreams = 100;
        private int maxHeaderListBytes = 16 * 1024;
        private int maxFrameBytes = 16 * 1024;
        private int initialWindowBytes = 64 * 1024;
        private int connectionWindowBytes = 1024 * 1024;
        private int maxResetStreams = 200;
        private Duration resetWindow = Duration.ofSeconds(30);
        private int maxEmptyDataFrames = 2;
        private int maxQueuedControlFrames = 10_000;

        private Builder() {
        }

        /** See {@link Http2Config#enabled()}. */
        public Builder enabled(boolean value) { enabled = value; return this; }
        /** See {@link Http2Config#cleartextUpgrade()}. */
        public Builder cleartextUpgrade(boolean value) { cleartextUpgrade = value; return this; }
        /** See {@link Http2Config#maxConcurrentStreams()}; 1 or more. */
        public Builder maxConcurrentStreams(int value) {
            maxConcurrentStreams = atLeast(value, 1, "http2.maxConcurrentStreams");
            return this;
        }
        /** See {@link Http2Config#maxHeaderListBytes()}; 1 KiB or more. */
        public Builder maxHeaderListBytes(int value) {
            maxHeaderListBytes = atLeast(value, 1024, "http2.maxHeaderListBytes");
            return this;
        }
        /** See {@link Http2Config#maxFrameBytes()}; from 16 KiB to 16 MiB - 1 (RFC 9113 section 6.5.2). */
        public Builder maxFrameBytes(int value) {
            maxFrameBytes = range(value, 16_384, 16_777_215, "http2.maxFrameBytes");
            return this;
        }
        /** See {@link Http2Config#initialWindowBytes()}; from 1 KiB to 2^31 - 1. */
        public Builder initialWindowBytes(int value) {
            initialWindowBytes = atLeast(value, 1024, "http2.initialWindowBytes");
            return this;
        }
        /** See {@link Http2Config#connectionWindowBytes()}; from 64 KiB - 1 (the protocol's start) to 2^31 - 1. */
        public Builder connectionWindowBytes(int value) {
            connectionWindowBytes = atLeast(value, 65_535, "http2.connectionWindowBytes");
            return this;
        }
        /** See {@link Http2Config#maxResetStreams()} and {@link Http2Config#resetWindow()}. */
        public Builder maxResetStreams(int count, Duration window) {
            maxResetStreams = atLeast(count, 1, "http2.maxResetStreams");
            resetWindow = positive(window, "http2.resetWindow");
            return this;
        }
        /** See {@link Http2Config#maxEmptyDataFrames()}; 1 or more. */
        public Builder maxEmptyDataFrames(int value) {
            maxEmptyDataFrames = atLeast(value, 1, "http2.maxEmptyDataFrames");
            return this;
        }
        /** See {@link Http2Config#maxQueuedControlFrames()}; 1 or more. */
        public Builder maxQueuedControlFrames(int value) {
            maxQueuedControlFrames = atLeast(value, 1, "http2.maxQueuedControlFrames");
            return this;
        }

        /** The config. */
        public Http2Config build() {
            return new Http2Config(this);
        }
    }
}
