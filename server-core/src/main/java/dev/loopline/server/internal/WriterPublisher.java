package dev.loopline.server.internal;

import dev.loopline.server.BodyWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link BodyWriter} as a publisher: the writer runs on an executor and writes to an output stream that fills
 * 16 KiB chunks and hands each to the subscriber only when it has demand, blocking the writer's thread otherwise. So
 * blocking code (a JDBC cursor) produces at the client's pace, with at most one chunk in hand. One subscriber.
 */
final class WriterPublisher implements Flow.Publisher<ByteBuffer> {

    static final int CHUNK_BYTES = 16 * 1024;

    private final BodyWriter writer;
    private final Executor executor;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    WriterPublisher(BodyWriter writer, Executor executor) {
        this.writer = writer;
        this.executor = executor;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(Subscriptions.NONE);
            subscriber.onError(new IllegalStateException("a body writer runs once: it already has a subscriber"));
            return;
        }
        Pipe pipe = new Pipe(subscriber);
        subscriber.onSubscribe(pipe);
        try {
            executor.execute(pipe::run);
        } catch (RejectedExecutionException full) {
            pipe.cancel();
            subscriber.onError(full);
        }
    }

    /** The writer's output stream and the subscriber's subscription; the writer's thread signals the subscriber. */
    private final class Pipe extends OutputStream implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private long demand;       // guarded by lock
        private boolean cancelled; // guarded by lock
        private byte[] chunk = new byte[CHUNK_BYTES]; // writer's thread only
        private int filled;

        Pipe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.subscriber = subscriber;
        }

        void run() {
            try {
                writer.writeTo(this);
                emit();
                if (!isCancelled()) {
                    subscriber.onComplete();
                }
            } catch (Throwable failure) {
                if (!isCancelled()) {
                    subscriber.onError(failure);
                }
            }
        }

        @Override
        public void request(long n) {
            lock.lock();
            try {
                if (n <= 0) {
                    cancelled = true; // Reactive Streams rule 3.9: the writer sees a cancelled stream
                } else {
                    demand = Subscriptions.addDemand(demand, n);
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void cancel() {
            lock.lock();
            try {
                cancelled = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        private boolean isCancelled() {
            lock.lock();
            try {
                return cancelled;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void write(int b) throws IOException {
            if (filled == chunk.length) {
                emit();
            }
            chunk[filled++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (filled == chunk.length) {
                    emit();
                }
                int n = Math.min(length, chunk.length - filled);
                System.arraycopy(bytes, offset, chunk, filled, n);
                filled += n;
                offset += n;
                length -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            emit();
        }

        /** Hands the filled part of the chunk over once the subscriber wants it. */
        private void emit() throws IOException {
            if (filled == 0) {
                return;
            }
            lock.lock();
            try {
                while (demand == 0 && !cancelled) {
                    changed.await();
                }
                if (cancelled) {
                    throw new IOException("the client has gone: the response body is no longer read");
                }
                demand--;
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the client to read");
            } finally {
                lock.unlock();
            }
            ByteBuffer item = ByteBuffer.wrap(chunk, 0, filled);
            chunk = new byte[CHUNK_BYTES]; // the one handed over belongs to the subscriber now
            filled = 0;
            subscriber.onNext(item);
        }
    }
}
