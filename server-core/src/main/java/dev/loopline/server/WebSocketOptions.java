package dev.loopline.server;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The limits and choices of a WebSocket route. Immutable; each {@code with...} method returns a copy. The defaults:
 * frames up to 64 KiB, messages up to 1 MiB, any {@code Origin}, no subprotocol, permessage-deflate offered, a
 * session closed after 5 minutes without a frame from the peer, no server pings, 4 MiB queued for a slow reader.
 */
public final class WebSocketOptions {

    private static final WebSocketOptions DEFAULTS = new WebSocketOptions(64 * 1024, 1024 * 1024, List.of(),
            List.of(), true, Duration.ofMinutes(5), Duration.ZERO, 4L * 1024 * 1024);

    private final int maxFrameBytes;
    private final int maxMessageBytes;
    private final List<String> allowedOrigins;
    private final List<String> subprotocols;
    private final boolean compression;
    private final Duration idleTimeout;
    private final Duration pingInterval;
    private final long maxQueuedBytes;

    private WebSocketOptions(int maxFrameBytes, int maxMessageBytes, List<String> allowedOrigins,
                             List<String> subprotocols, boolean compression, Duration idleTimeout,
                             Duration pingInterval, long maxQueuedBytes) {
        this.maxFrameBytes = maxFrameBytes;
        this.maxMessageBytes = maxMessageBytes;
        this.allowedOrigins = List.copyOf(allowedOrigins);
        this.subprotocols = List.copyOf(subprotocols);
        this.compression = compression;
        this.idleTimeout = idleTimeout;
        this.pingInterval = pingInterval;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /** The defaults named in the class comment. */
    public static WebSocketOptions defaults() {
        return DEFAULTS;
    }

    /** Frames with a larger payload close the session with 1009. */
    public WebSocketOptions withMaxFrameBytes(int bytes) {
        positive(bytes);
        return new WebSocketOptions(bytes, maxMessageBytes, allowedOrigins, subprotocols, compression, idleTimeout,
                pingInterval, maxQueuedBytes);
    }

    /**
     * Messages larger than this, fragments joined and decompressed, close the session with 1009; a compressed
     * message that inflates past it (a deflate bomb) too.
     */
    public WebSocketOptions withMaxMessageBytes(int bytes) {
        positive(bytes);
        return new WebSocketOptions(maxFrameBytes, bytes, allowedOrigins, subprotocols, compression, idleTimeout,
                pingInterval, maxQueuedBytes);
    }

    /**
     * Only these {@code Origin}s may open a session (scheme, host and port, as browsers send it:
     * {@code https://app.example.com}); any other, or none, is refused with 403. This is the defence against
     * cross-site WebSocket hijacking for sessions authenticated by cookies. Empty (the default): any origin.
     */
    public WebSocketOptions withAllowedOrigins(String... origins) {
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, List.of(origins), subprotocols, compression,
                idleTimeout, pingInterval, maxQueuedBytes);
    }

    /**
     * The subprotocols this route speaks, most preferred first: the handshake picks the first of these the client
     * offers ({@code Sec-WebSocket-Protocol}); none when it offers none of them.
     */
    public WebSocketOptions withSubprotocols(String... protocols) {
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, allowedOrigins, List.of(protocols), compression,
                idleTimeout, pingInterval, maxQueuedBytes);
    }

    /** Whether permessage-deflate (RFC 7692) is accepted when the client offers it. */
    public WebSocketOptions withCompression(boolean enabled) {
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, allowedOrigins, subprotocols, enabled,
                idleTimeout, pingInterval, maxQueuedBytes);
    }

    /** A session that receives no frame for this long is closed with 1001; zero: never. */
    public WebSocketOptions withIdleTimeout(Duration timeout) {
        notNegative(timeout);
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, allowedOrigins, subprotocols, compression, timeout,
                pingInterval, maxQueuedBytes);
    }

    /**
     * The server pings a session it has sent nothing to for this long (so a live client's pong keeps it from the idle
     * timeout, and proxies keep the connection); zero: no server pings.
     */
    public WebSocketOptions withPingInterval(Duration interval) {
        notNegative(interval);
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, allowedOrigins, subprotocols, compression,
                idleTimeout, interval, maxQueuedBytes);
    }

    /** The most bytes queued for a peer that reads slowly; a send past it fails and closes the session with 1008. */
    public WebSocketOptions withMaxQueuedBytes(long bytes) {
        positive(bytes);
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, allowedOrigins, subprotocols, compression,
                idleTimeout, pingInterval, bytes);
    }

    /** The largest frame payload. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** The largest message. */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** The origins allowed; empty means any. */
    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** The subprotocols, most preferred first. */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** Whether permessage-deflate is accepted. */
    public boolean compression() {
        return compression;
    }

    /** The idle timeout; zero means none. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** The server ping interval; zero means no pings. */
    public Duration pingInterval() {
        return pingInterval;
    }

    /** The outbound queue bound. */
    public long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    private static void positive(long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("must be > 0 (was " + value + ")");
        }
    }

    private static void notNegative(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("must not be negative (was " + duration + ")");
        }
    }

    @Override
    public String toString() {
        return "WebSocketOptions[maxFrameBytes=" + maxFrameBytes + ", maxMessageBytes=" + maxMessageBytes
                + ", allowedOrigins=" + allowedOrigins + ", subprotocols=" + subprotocols + ", compression="
                + compression + ", idleTimeout=" + idleTimeout + ", pingInterval=" + pingInterval
                + ", maxQueuedBytes=" + maxQueuedBytes + "]";
    }
}
