package dev.loopline.server.internal;

import dev.loopline.server.HttpStatusException;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.EventExecutor;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;

/**
 * Sends a streamed response body: subscribes to the body's publisher and writes each buffer to the connection on its
 * loop, asking for more only while the connection is writable (so what waits in memory is at most {@link #WINDOW}
 * buffers past the write buffer's high-water mark, however fast the publisher and however slow the client). The
 * status and headers go out with the first buffer (or the end), so a publisher that fails before it produced anything
 * still gets a proper error response. Signals may come from any thread; everything else happens on the loop.
 */
final class ResponseStream implements Flow.Subscriber<ByteBuffer> {

    /** Buffers asked for ahead of what has been written. */
    static final int WINDOW = 4;

    /** The protocol side: how head, data and end are written (HTTP/1.1 framing here; HTTP/2 frames later). */
    interface Target {
        /** Writes the status line and headers. */
        void head();

        /** Writes one buffer of the body; the buffer belongs to the target now. */
        void data(ByteBuffer buffer);

        /** Writes the end of the body (with trailers when the framing has them); the future of that last write. */
        ChannelFuture end(Map<String, String> trailers);

        boolean isWritable();

        void flush();
    }

    /** Who is told how the stream ended (the connection's response queue). Loop thread only. */
    interface Owner {
        /** The publisher failed before anything was written: a normal error response can still go out. */
        void streamFailedBeforeHead(Throwable failure);

        /** The whole body is written (or being written: {@code lastWrite}); the next response may follow. */
        void streamEnded(ChannelFuture lastWrite);

        /** The stream broke after the head went out: the connection must close (the client sees a cut body). */
        void streamBroken(String reason, Throwable failure);
    }

    private final Target target;
    private final Owner owner;
    private final EventExecutor loop;
    private final Flow.Publisher<ByteBuffer> publisher;
    private final long declaredLength; // -1 when unknown
    private final BodySource source;
    private final ConnectionTimers timers;
    private final long stallNanos;

    private volatile Flow.Subscription subscription;
    private final AtomicInteger queuedSignals = new AtomicInteger(); // signals sent to the loop's queue, not yet run
    // Loop thread only:
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>(WINDOW);
    private int outstanding;      // asked for, not yet arrived
    private boolean headWritten;
    private boolean completed;    // the publisher has completed; pending may still hold buffers
    private boolean finished;     // ended, broken or cancelled: nothing more happens
    private boolean draining;
    private boolean drainAgain;   // drain() was called while draining: go round once more
    private long written;         // body bytes written
    private long lastProgress;    // System.nanoTime() of the last buffer (or the start)
    private ConnectionTimers.Timer stallCheck;

    ResponseStream(Target target, Owner owner, EventExecutor loop, BodySource source, Executor blockingExecutor,
                   ConnectionTimers timers, long stallNanos) {
        this.target = target;
        this.owner = owner;
        this.loop = loop;
        this.source = source;
        this.publisher = source.publisher(blockingExecutor);
        this.declaredLength = source.length();
        this.timers = timers;
        this.stallNanos = stallNanos;
    }

    /** Subscribes to the publisher (loop thread). */
    void start() {
        lastProgress = System.nanoTime();
        stallCheck = timers.schedule(this::checkStall, stallNanos, null);
        try {
            publisher.subscribe(this);
        } catch (RuntimeException | Error failure) { // a publisher that breaks the Flow rules by throwing
            onLoop(() -> fail(failure));
        }
    }

    // ---- Flow.Subscriber (any thread)

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        if (subscription != null) {
            newSubscription.cancel(); // Reactive Streams rule 2.5
            return;
        }
        subscription = newSubscription;
        onLoop(this::requestMore);
    }

    @Override
    public void onNext(ByteBuffer buffer) {
        onLoop(() -> {
            outstanding--;
            if (!finished) {
                pending.addLast(buffer);
                drain();
            }
        });
    }

    @Override
    public void onError(Throwable failure) {
        onLoop(() -> fail(failure));
    }

    @Override
    public void onComplete() {
        onLoop(() -> {
            completed = true;
            drain();
        });
    }

    // ---- the loop

    /** The connection's writability changed: ask for more if it can take more. */
    void writabilityChanged() {
        if (!finished && target.isWritable()) {
            drain();
        }
    }

    /** A body that never ends by itself (an event stream) and ends when the server drains. */
    interface EndsOnDrain {
        /** The server is shutting down: end the body soon, cleanly. */
        void serverDraining();
    }

    /** The server is shutting down: a body that would never end by itself is asked to end. */
    void serverDraining() {
        if (!finished && publisher instanceof EndsOnDrain) {
            ((EndsOnDrain) publisher).serverDraining();
        }
    }

    /** The connection has gone: stop, and tell the publisher (which may free what it holds). */
    void cancel() {
        if (finished) {
            return;
        }
        finish();
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    private void drain() {
        if (finished) {
            return;
        }
        if (draining) {
            // re-entered: a flush below made the channel writable again (its event fires inside the flush), or a
            // publisher answered inside request(). Dropping this would leave nobody to ask for more: stalled.
            drainAgain = true;
            return;
        }
        draining = true;
        try {
            do {
                drainAgain = false;
                drainOnce();
            } while (drainAgain && !finished);
        } finally {
            draining = false;
        }
    }

    private void drainOnce() {
        boolean wrote = false;
        do {
            ByteBuffer buffer;
            while (!finished && (buffer = pending.pollFirst()) != null) {
                wrote |= write(buffer);
            }
            if (finished) {
                return;
            }
            if (completed) {
                end();
                return;
            }
            requestMore(); // a publisher may answer inside request(): the loop writes that too
        } while (!pending.isEmpty() && !finished);
        if (wrote) {
            target.flush();
        }
    }

    private boolean write(ByteBuffer buffer) {
        int length = buffer.remaining();
        if (declaredLength >= 0 && written + length > declaredLength) {
            broken("the body publisher produced more than its declared length of " + declaredLength + " bytes", null);
            return false;
        }
        writeHeadOnce();
        lastProgress = System.nanoTime();
        if (length == 0) {
            return false;
        }
        written += length;
        target.data(buffer);
        return true;
    }

    private void requestMore() {
        Flow.Subscription current = subscription;
        if (finished || current == null || completed || !target.isWritable()) {
            return;
        }
        int more = WINDOW - outstanding - pending.size();
        if (more > 0) {
            outstanding += more;
            current.request(more);
        }
    }

    /** Body bytes written so far. */
    long written() {
        return written;
    }

    private void end() {
        if (declaredLength >= 0 && written != declaredLength) {
            broken("the body publisher ended after " + written + " of its declared " + declaredLength + " bytes",
                    null);
            return;
        }
        writeHeadOnce();
        finish();
        ChannelFuture last = target.end(source.trailersToSend() == null ? null : source.trailersToSend().get());
        target.flush();
        owner.streamEnded(last);
    }

    private void fail(Throwable failure) {
        if (finished) {
            return;
        }
        if (!headWritten) {
            finish();
            owner.streamFailedBeforeHead(failure);
        } else {
            broken("the body publisher failed after the head was sent", failure);
        }
    }

    private void broken(String reason, Throwable failure) {
        finish();
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
        owner.streamBroken(reason, failure);
    }

    private void writeHeadOnce() {
        if (!headWritten) {
            headWritten = true;
            target.head();
        }
    }

    private void finish() {
        finished = true;
        pending.clear();
        if (stallCheck != null) {
            stallCheck.cancel();
            stallCheck = null;
        }
    }

    /**
     * No buffer for the stall timeout while the client could take one: the publisher has stopped producing. (A client
     * that stops reading is the connection's own stall rule.) One timer, re-armed for what is left of the timeout.
     */
    private void checkStall() {
        stallCheck = null;
        if (finished) {
            return;
        }
        long idle = System.nanoTime() - lastProgress;
        if (idle >= stallNanos && target.isWritable()) {
            String reason = "the body publisher produced nothing for " + TimeUnit.NANOSECONDS.toMillis(idle) + " ms";
            if (headWritten) {
                broken(reason, null);
            } else {
                cancel();
                owner.streamFailedBeforeHead(new HttpStatusException(503, "the response was not produced in time",
                        Map.of("Retry-After", "1")));
            }
            return;
        }
        stallCheck = timers.schedule(this::checkStall, Math.max(stallNanos - idle, stallNanos / 4), null);
    }

    /**
     * Runs a subscriber signal on the loop, in the order the publisher sent them: at once when it comes on the loop
     * and none from another thread is still queued, else behind those (a publisher may emit from any thread, and a
     * signal on the loop must not overtake an earlier one still in the loop's queue).
     */
    private void onLoop(Runnable action) {
        if (loop.inEventLoop() && queuedSignals.get() == 0) {
            action.run();
            return;
        }
        queuedSignals.incrementAndGet();
        try {
            loop.execute(() -> {
                queuedSignals.decrementAndGet();
                action.run();
            });
        } catch (RejectedExecutionException shutDown) {
            queuedSignals.decrementAndGet();
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel(); // the server has stopped: nobody will write this body
            }
        }
    }
}
