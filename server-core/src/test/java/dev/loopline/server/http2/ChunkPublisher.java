package dev.loopline.server.http2;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A response body made on demand (synchronously inside {@code request}, as many simple publishers do): chunk
 * {@code i} is {@code chunkBytes} of the letter {@code 'a' + i % 26}. It counts what it made and whether it was
 * cancelled, and can fail instead of making chunk {@code failAt}. One subscriber.
 */
final class ChunkPublisher implements Flow.Publisher<ByteBuffer> {

    final AtomicLong produced = new AtomicLong();
    final AtomicInteger cancellations = new AtomicInteger();
    private final int chunks;
    private final int chunkBytes;
    private final int failAt;

    ChunkPublisher(int chunks, int chunkBytes) {
        this(chunks, chunkBytes, -1);
    }

    ChunkPublisher(int chunks, int chunkBytes, int failAt) {
        this.chunks = chunks;
        this.chunkBytes = chunkBytes;
        this.failAt = failAt;
    }

    long totalBytes() {
        return (long) chunks * chunkBytes;
    }

    long producedBytes() {
        return produced.get() * chunkBytes;
    }

    /** The byte at {@code offset} of the whole body. */
    static byte expected(long offset, int chunkBytes) {
        return (byte) ('a' + (offset / chunkBytes) % 26);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        subscriber.onSubscribe(new Flow.Subscription() {
            private long demand;
            private boolean emitting;
            private boolean done;

            @Override
            public synchronized void request(long n) {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                if (emitting) {
                    return; // the loop below, further up this stack, goes on
                }
                emitting = true;
                while (demand > 0 && !done) {
                    int next = (int) produced.get();
                    if (next == chunks) {
                        done = true;
                        subscriber.onComplete();
                    } else if (next == failAt) {
                        done = true;
                        subscriber.onError(new IllegalStateException("the body's source failed at chunk " + next));
                    } else {
                        demand--;
                        produced.incrementAndGet();
                        byte[] chunk = new byte[chunkBytes];
                        Arrays.fill(chunk, (byte) ('a' + next % 26));
                        subscriber.onNext(ByteBuffer.wrap(chunk));
                    }
                }
                if (!done && produced.get() == chunks) {
                    done = true;
                    subscriber.onComplete();
                }
                emitting = false;
            }

            @Override
            public synchronized void cancel() {
                done = true;
                cancellations.incrementAndGet();
            }
        });
    }
}
