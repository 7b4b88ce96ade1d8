package dev.loopline.server.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A region of an open file as a publisher, for the paths where bytes must pass through user space (TLS, compression,
 * HTTP/2): each buffer is read on the blocking executor, on demand, one read at a time. The file is closed when the
 * region has been read, on error and on cancel. One subscriber.
 */
final class FilePublisher implements Flow.Publisher<ByteBuffer> {

    static final int CHUNK_BYTES = 64 * 1024;

    private final FileChannel file;
    private final long start;
    private final long length;
    private final Executor executor;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    FilePublisher(FileChannel file, long start, long length, Executor executor) {
        this.file = file;
        this.start = start;
        this.length = length;
        this.executor = executor;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(Subscriptions.NONE);
            subscriber.onError(new IllegalStateException("a file body is read once: it already has a subscriber"));
            return;
        }
        subscriber.onSubscribe(new Reader(subscriber));
    }

    /** Reads on demand; at most one read task runs at a time, so signals are serialized. */
    private final class Reader implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final Object lock = new Object();
        private long demand;      // guarded by lock
        private boolean running;  // a read task is queued or running; guarded by lock
        private boolean done;     // guarded by lock
        private long position;    // read task only

        Reader(Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.subscriber = subscriber;
            this.position = start;
        }

        @Override
        public void request(long n) {
            synchronized (lock) {
                if (done) {
                    return;
                }
                demand = Subscriptions.addDemand(demand, Math.max(n, 1));
                if (running) {
                    return;
                }
                running = true;
            }
            try {
                executor.execute(this::readWhileWanted);
            } catch (RejectedExecutionException full) {
                finish();
                subscriber.onError(full);
            }
        }

        @Override
        public void cancel() {
            finish();
        }

        private void readWhileWanted() {
            while (true) {
                synchronized (lock) {
                    if (done || demand == 0) {
                        running = false;
                        return;
                    }
                    demand--;
                }
                long left = start + length - position;
                if (left <= 0) {
                    finish();
                    subscriber.onComplete();
                    return;
                }
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, left));
                try {
                    while (buffer.hasRemaining()) {
                        int n = file.read(buffer, position + buffer.position());
                        if (n < 0) {
                            throw new IOException("the file ended " + (left - buffer.position())
                                    + " bytes early (it shrank while it was sent)");
                        }
                    }
                } catch (IOException failed) {
                    finish();
                    subscriber.onError(failed);
                    return;
                }
                position += buffer.limit();
                buffer.flip();
                subscriber.onNext(buffer);
                if (position == start + length) {
                    finish();
                    subscriber.onComplete();
                    return;
                }
            }
        }

        private void finish() {
            synchronized (lock) {
                if (done) {
                    return;
                }
                done = true;
            }
            FileBodies.closeQuietly(file);
        }
    }
}
