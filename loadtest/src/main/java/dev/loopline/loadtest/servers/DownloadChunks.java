package dev.loopline.loadtest.servers;

import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The download body for Loopline: {@link BenchContract#DOWNLOAD_CHUNKS} read-only views of one shared chunk,
 * published as the server asks (backpressure), so the scenario measures the streaming path, not allocation.
 * Netty's raw server writes duplicates of a direct copy of the same chunk.
 */
final class DownloadChunks implements Flow.Publisher<ByteBuffer> {

    static final ByteBuffer CHUNK = chunk();

    private static ByteBuffer chunk() {
        byte[] bytes = new byte[BenchContract.DOWNLOAD_CHUNK_BYTES];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        // direct, as raw Netty's chunk is: a heap buffer would be copied to a direct one on every write
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        AtomicBoolean done = new AtomicBoolean();
        subscriber.onSubscribe(new Flow.Subscription() {
            private int sent;
            private long demand;
            private boolean emitting;

            @Override
            public void request(long n) {
                if (n <= 0) {
                    cancel();
                    subscriber.onError(new IllegalArgumentException("non-positive demand: " + n));
                    return;
                }
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                if (emitting) {
                    return; // re-entrant request from onNext: the loop below goes on
                }
                emitting = true;
                while (demand > 0 && sent < BenchContract.DOWNLOAD_CHUNKS && !done.get()) {
                    demand--;
                    sent++;
                    subscriber.onNext(CHUNK.duplicate());
                }
                emitting = false;
                if (sent == BenchContract.DOWNLOAD_CHUNKS && done.compareAndSet(false, true)) {
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
