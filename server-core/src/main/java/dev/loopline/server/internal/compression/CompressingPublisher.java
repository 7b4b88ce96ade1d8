package dev.loopline.server.internal.compression;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * A streamed body compressed as it flows: each buffer of the upstream publisher is compressed and flushed on the
 * thread that produced it (so each event of an event stream reaches its client at once), one buffer out for each
 * buffer in (an empty result asks the upstream for one more instead), and the coding's trailer follows the last one.
 */
final class CompressingPublisher implements Flow.Publisher<ByteBuffer> {

    private final Flow.Publisher<ByteBuffer> upstream;
    private final String coding;
    private final int level;

    CompressingPublisher(Flow.Publisher<ByteBuffer> upstream, String coding, int level) {
        this.upstream = upstream;
        this.coding = coding;
        this.level = level;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> downstream) {
        upstream.subscribe(new Coder(downstream));
    }

    private final class Coder implements Flow.Subscriber<ByteBuffer>, Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> downstream;
        private ChunkEncoder encoder;
        private volatile Flow.Subscription subscription;
        private long demand;      // downstream demand not yet met; guarded by this
        private byte[] last;      // the trailer, waiting for demand; guarded by this
        private boolean done;     // guarded by this

        Coder(Flow.Subscriber<? super ByteBuffer> downstream) {
            this.downstream = downstream;
        }

        @Override
        public void onSubscribe(Flow.Subscription upstreamSubscription) {
            subscription = upstreamSubscription;
            try {
                encoder = Codings.encoder(coding, level, true);
            } catch (IOException | RuntimeException failed) {
                upstreamSubscription.cancel();
                downstream.onSubscribe(this);
                fail(failed);
                return;
            }
            downstream.onSubscribe(this);
        }

        @Override
        public void onNext(ByteBuffer item) {
            byte[] compressed;
            try {
                compressed = encoder.encode(item);
            } catch (IOException | RuntimeException failed) {
                subscription.cancel();
                fail(failed);
                return;
            }
            if (compressed.length == 0) {
                subscription.request(1); // nothing to hand on yet: the downstream's demand still stands
                return;
            }
            synchronized (this) {
                demand--;
            }
            downstream.onNext(ByteBuffer.wrap(compressed));
        }

        @Override
        public void onError(Throwable failure) {
            fail(failure);
        }

        @Override
        public void onComplete() {
            byte[] trailer;
            try {
                trailer = encoder.finish();
            } catch (IOException | RuntimeException failed) {
                fail(failed);
                return;
            }
            boolean emitNow;
            synchronized (this) {
                last = trailer;
                emitNow = demand > 0;
            }
            if (emitNow) {
                emitLast();
            }
        }

        @Override
        public void request(long n) {
            boolean emitLast;
            synchronized (this) {
                demand += Math.max(n, 1);
                if (demand < 0) {
                    demand = Long.MAX_VALUE;
                }
                emitLast = last != null;
            }
            if (emitLast) {
                emitLast();
            } else {
                subscription.request(n);
            }
        }

        @Override
        public void cancel() {
            synchronized (this) {
                done = true;
            }
            subscription.cancel();
            encoder.close();
        }

        private void emitLast() {
            byte[] trailer;
            synchronized (this) {
                if (done || last == null) {
                    return;
                }
                done = true;
                trailer = last;
                last = null;
            }
            if (trailer.length > 0) {
                downstream.onNext(ByteBuffer.wrap(trailer));
            }
            downstream.onComplete();
        }

        private void fail(Throwable failure) {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
            }
            if (encoder != null) {
                encoder.close();
            }
            downstream.onError(failure);
        }
    }
}
