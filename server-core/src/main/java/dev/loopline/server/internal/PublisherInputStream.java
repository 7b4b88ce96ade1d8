package dev.loopline.server.internal;

import dev.loopline.server.HttpStatusException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A publisher read as a blocking input stream, for handlers on the blocking executor: {@code read} asks for the next
 * buffer only when it has used up the one it holds, so the publisher (a request body: the client) goes at the pace
 * of the reader, with at most two buffers in hand. Closing it cancels the subscription.
 */
final class PublisherInputStream extends InputStream implements Flow.Subscriber<ByteBuffer> {

    private static final int IN_FLIGHT = 2; // buffers asked for ahead of the reader

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>(IN_FLIGHT); // guarded by lock
    private Flow.Subscription subscription; // guarded by lock
    private int requested;                  // asked for, not yet arrived; guarded by lock
    private boolean complete;               // guarded by lock
    private Throwable failure;              // guarded by lock
    private boolean closed;                 // reader's thread only
    private ByteBuffer current;             // reader's thread only

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        lock.lock();
        try {
            subscription = newSubscription;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onNext(ByteBuffer buffer) {
        lock.lock();
        try {
            requested--;
            buffers.addLast(buffer);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onError(Throwable error) {
        lock.lock();
        try {
            failure = error;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onComplete() {
        lock.lock();
        try {
            complete = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (closed) {
            throw new IOException("the body stream is closed");
        }
        while (current == null || !current.hasRemaining()) {
            current = next();
            if (current == null) {
                return -1;
            }
        }
        int n = Math.min(length, current.remaining());
        current.get(bytes, offset, n);
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.remaining();
    }

    /** The next buffer, waiting for it; null at the end of the body. */
    private ByteBuffer next() throws IOException {
        Flow.Subscription toRequest = null;
        long more = 0;
        lock.lock();
        try {
            while (true) {
                if (!buffers.isEmpty()) {
                    ByteBuffer buffer = buffers.pollFirst();
                    if (subscription != null && requested + buffers.size() < IN_FLIGHT && !complete) {
                        more = IN_FLIGHT - requested - buffers.size();
                        requested += more;
                        toRequest = subscription;
                    }
                    request(toRequest, more);
                    return buffer;
                }
                if (failure != null) {
                    if (failure instanceof HttpStatusException) {
                        throw (HttpStatusException) failure; // 413, 408: the status the client is answered with
                    }
                    throw failure instanceof IOException ? (IOException) failure
                            : new IOException("the body stream failed: " + failure.getMessage(), failure);
                }
                if (complete) {
                    return null;
                }
                if (subscription != null && requested == 0) {
                    requested = IN_FLIGHT;
                    lock.unlock();
                    try {
                        subscription.request(IN_FLIGHT); // outside the lock: onNext may run inside request
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                arrived.await();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the body");
        } finally {
            lock.unlock();
        }
    }

    private void request(Flow.Subscription target, long n) {
        if (target != null && n > 0) {
            lock.unlock();
            try {
                target.request(n);
            } finally {
                lock.lock();
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Flow.Subscription toCancel;
        lock.lock();
        try {
            toCancel = complete || failure != null ? null : subscription;
            buffers.clear();
        } finally {
            lock.unlock();
        }
        if (toCancel != null) {
            toCancel.cancel();
        }
    }
}
