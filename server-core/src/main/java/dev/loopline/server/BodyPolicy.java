package dev.loopline.server;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * How a handler takes its request body: aggregated in memory before it runs (the default, cheapest for small JSON),
 * or streamed as it arrives, each with a size limit of its own (a route can raise or lower
 * {@link ServerConfig#maxBodyBytes()}) and a read timeout.
 *
 * <pre>{@code
 * router.post("/upload", BodyPolicy.streamed(1L << 30).applyTo(Offload.blocking(request -> {
 *     try (InputStream body = request.body().asStream()) { ... }         // read at the client's pace
 * })));
 * }</pre>
 *
 * <p>A streamed body's handler runs as soon as the request's head has arrived; the server reads from the client only
 * while the handler asks for more ({@code request(n)} on the body's {@link Body#publisher()} subscription, or
 * {@link Body#asStream()} reads), so a slow consumer slows the client down (TCP backpressure), never fills the heap.
 * {@code 100 Continue} is sent when the handler first asks. A handler that answers without reading the whole body:
 * the server reads and drops up to 256 KiB more of it to keep the connection, else closes it. Too many bytes: the
 * stream fails with 413 (and so does the response, unless it went out already); no progress for the read timeout
 * while the handler wanted more: 408.
 */
public final class BodyPolicy {

    private final boolean streamed;
    private final long maxBytes;
    private final Duration readTimeout; // null: ServerConfig.bodyTimeout()

    private BodyPolicy(boolean streamed, long maxBytes, Duration readTimeout) {
        this.streamed = streamed;
        this.maxBytes = maxBytes;
        this.readTimeout = readTimeout;
    }

    /** The body aggregated in memory, up to {@code maxBytes}; larger is answered 413 (before it is read when announced). */
    public static BodyPolicy aggregated(int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0 (was " + maxBytes + ")");
        }
        return new BodyPolicy(false, maxBytes, null);
    }

    /** The body streamed to the handler as it arrives, up to {@code maxBytes} in all; more fails with 413. */
    public static BodyPolicy streamed(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0 (was " + maxBytes + ")");
        }
        return new BodyPolicy(true, maxBytes, null);
    }

    /**
     * This policy with its own read timeout: an aggregated body must arrive within it; a streamed body fails with 408
     * when no byte arrives for that long while the handler wants more.
     */
    public BodyPolicy readTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be a positive duration (was " + timeout + ")");
        }
        return new BodyPolicy(streamed, maxBytes, timeout);
    }

    /** True when the body is streamed to the handler rather than aggregated first. */
    public boolean isStreamed() {
        return streamed;
    }

    /** The largest body this policy accepts. */
    public long maxBytes() {
        return maxBytes;
    }

    /** The read timeout, when this policy sets its own. */
    public Optional<Duration> readTimeout() {
        return Optional.ofNullable(readTimeout);
    }

    /** {@code handler}, taking its request bodies with this policy (see {@link Handler#bodyPolicy}). */
    public Handler applyTo(Handler handler) {
        Objects.requireNonNull(handler, "handler");
        BodyPolicy policy = this;
        return new Handler() {
            @Override
            public CompletionStage<Response> handle(Request request) {
                return handler.handle(request);
            }

            @Override
            public BodyPolicy bodyPolicy(Request head) {
                return policy;
            }
        };
    }

    @Override
    public String toString() {
        return (streamed ? "streamed" : "aggregated") + " up to " + maxBytes + " bytes"
                + (readTimeout == null ? "" : ", read timeout " + readTimeout);
    }
}
