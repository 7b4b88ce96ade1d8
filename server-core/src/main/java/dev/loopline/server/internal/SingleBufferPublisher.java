package dev.loopline.server.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/** Publishes one read-only buffer, then completes: a body in memory seen as a stream. Any number of subscribers. */
final class SingleBufferPublisher implements Flow.Publisher<ByteBuffer> {

    private final ByteBuffer buffer;

    SingleBufferPublisher(ByteBuffer buffer) {
        this.buffer = buffer.asReadOnlyBuffer();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        AtomicBoolean done = new AtomicBoolean();
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                if (done.compareAndSet(false, true)) {
                    if (n <= 0) { // Reactive Streams rule 3.9
                        subscriber.onError(new IllegalArgumentException("request(" + n + "): demand must be positive"));
                        return;
                    }
                    if (buffer.hasRemaining()) {
                        subscriber.onNext(buffer.duplicate());
                    }
                    subscriber.onComplete();
                }
            }

            @Override
            public void cancel() {
                done.set(true);
            }
        });
    }
}
