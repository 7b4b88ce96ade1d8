package dev.loopline.server.streaming;

import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A test publisher that makes {@code count} buffers on demand (synchronously, inside {@code request}, as many simple
 * publishers do) and counts what it was asked for, made and whether it was cancelled.
 */
final class GeneratedPublisher implements Flow.Publisher<ByteBuffer> {

    final AtomicLong requested = new AtomicLong();
    final AtomicLong produced = new AtomicLong();
    final AtomicInteger subscriptions = new AtomicInteger();
    final AtomicInteger cancellations = new AtomicInteger();
    private final long count;
    private final IntFunction<ByteBuffer> item;

    GeneratedPublisher(long count, IntFunction<ByteBuffer> item) {
        this.count = count;
        this.item = item;
    }

    /** {@code count} buffers of {@code size} bytes, each filled with a letter that cycles a to z. */
    static GeneratedPublisher letters(long count, int size) {
        return new GeneratedPublisher(count, i -> {
            byte[] bytes = new byte[size];
            java.util.Arrays.fill(bytes, (byte) ('a' + i % 26));
            return ByteBuffer.wrap(bytes);
        });
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        subscriptions.incrementAndGet();
        subscriber.onSubscribe(new Flow.Subscription() {
            private long demand;
            private boolean emitting;
            private boolean done;

            @Override
            public synchronized void request(long n) {
                requested.addAndGet(n);
                demand += n;
                if (emitting) {
                    return; // the loop below goes on
                }
                emitting = true;
                while (demand > 0 && !done) {
                    long next = produced.get();
                    if (next == count) {
                        done = true;
                        subscriber.onComplete();
                        break;
                    }
                    demand--;
                    produced.incrementAndGet();
                    subscriber.onNext(item.apply((int) next));
                }
                if (!done && produced.get() == count) {
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
