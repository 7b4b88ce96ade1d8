package dev.loopline.server.internal;

import dev.loopline.server.Headers;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request body streamed to its handler as it arrives: the publisher behind a streamed request {@code Body}. It
 * holds at most what one read of the socket brought beyond the subscriber's demand, and tells the connection whether
 * it wants more, so the connection reads from the client only while the handler asks. After the subscriber cancels
 * (or the response went out first), the rest of the body is read and dropped. All state lives on the connection's
 * loop; the subscriber's calls may come from any thread.
 */
final class RequestBodyStream implements Flow.Publisher<ByteBuffer>, Flow.Subscription {

    /** What the stream tells its connection (loop thread). */
    interface Connection {
        /** The subscriber asked for the first time: owed a {@code 100 Continue}, it is sent now. */
        void firstDemand();

        /** Whether the stream wants bytes from the client may have changed. */
        void demandChanged();
    }

    private final EventExecutor loop;
    private final Connection connection;
    private final long maxBytes;
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final CompletableFuture<Headers> trailers = new CompletableFuture<>();
    // Loop thread only:
    private final ArrayDeque<ByteBuffer> buffered = new ArrayDeque<>(4);
    private Flow.Subscriber<? super ByteBuffer> subscriber;
    private long demand;
    private long received;
    private boolean asked;       // the subscriber has asked at least once
    private boolean ended;       // the whole body has arrived
    private boolean dropping;    // nobody reads it any more: the rest is read and dropped
    private Throwable failure;
    private boolean signalledEnd; // onComplete or onError went out
    private boolean delivering;

    RequestBodyStream(EventExecutor loop, Connection connection, long maxBytes) {
        this.loop = loop;
        this.connection = connection;
        this.maxBytes = maxBytes;
    }

    CompletableFuture<Headers> trailers() {
        return trailers;
    }

    // ---- Flow.Publisher and Flow.Subscription (any thread)

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> newSubscriber) {
        if (!subscribed.compareAndSet(false, true)) {
            newSubscriber.onSubscribe(Subscriptions.NONE);
            newSubscriber.onError(new IllegalStateException("a request body can be read once; it already has a "
                    + "subscriber"));
            return;
        }
        onLoop(() -> {
            subscriber = newSubscriber;
            newSubscriber.onSubscribe(this);
            deliver();
        });
    }

    @Override
    public void request(long n) {
        onLoop(() -> {
            if (signalledEnd || dropping) {
                return;
            }
            if (n <= 0) { // Reactive Streams rule 3.9
                fail(new IllegalArgumentException("request(" + n + "): demand must be positive"));
                return;
            }
            demand = Subscriptions.addDemand(demand, n);
            if (!asked) {
                asked = true;
                connection.firstDemand();
            }
            deliver();
            connection.demandChanged();
        });
    }

    @Override
    public void cancel() {
        onLoop(() -> {
            if (!signalledEnd) {
                signalledEnd = true;
                drop();
            }
        });
    }

    // ---- the connection (loop thread)

    /** True while the connection should read from the client for this body. */
    boolean wantsData() {
        return !ended && failure == null && (dropping || buffered.isEmpty() && demand > 0);
    }

    /** True once the subscriber has asked for bytes (so a {@code 100 Continue} went out). */
    boolean asked() {
        return asked;
    }

    boolean hasEnded() {
        return ended;
    }

    /**
     * Bytes of the body arrived; they are copied (the caller releases {@code content}).
     *
     * @return false when the body is now over its limit (the stream has failed with 413; the caller refuses)
     */
    boolean onData(ByteBuf content) {
        int length = content.readableBytes();
        received += length;
        if (received > maxBytes) {
            return false;
        }
        if (dropping || length == 0) {
            return true;
        }
        byte[] copy = new byte[length];
        content.getBytes(content.readerIndex(), copy);
        buffered.addLast(ByteBuffer.wrap(copy));
        deliver();
        return true;
    }

    /** The body has arrived to its end, with these trailer fields. */
    void onEnd(Headers trailerFields) {
        ended = true;
        trailers.complete(trailerFields);
        deliver();
    }

    /** The body will not arrive whole: the subscriber gets {@code failure}. */
    void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
            trailers.completeExceptionally(cause);
            buffered.clear();
            deliver();
        }
    }

    /** Nobody will read the rest: read and drop it (the subscriber cancelled, or the response has gone out). */
    void drop() {
        dropping = true;
        buffered.clear();
        connection.demandChanged();
    }

    /** Bytes received so far. */
    long received() {
        return received;
    }

    private void deliver() {
        if (subscriber == null || delivering) {
            return;
        }
        delivering = true;
        try {
            while (!signalledEnd && demand > 0 && !buffered.isEmpty()) {
                demand--;
                subscriber.onNext(buffered.pollFirst()); // may call request() right here: the loop picks it up
            }
            if (signalledEnd) {
                return;
            }
            if (failure != null) {
                signalledEnd = true;
                subscriber.onError(failure);
            } else if (ended && buffered.isEmpty()) {
                signalledEnd = true;
                subscriber.onComplete();
            }
        } finally {
            delivering = false;
        }
    }

    private void onLoop(Runnable action) {
        if (loop.inEventLoop()) {
            action.run();
            return;
        }
        try {
            loop.execute(action);
        } catch (RejectedExecutionException shutDown) {
            // the server has stopped; the connection, and this body, are gone
        }
    }
}
