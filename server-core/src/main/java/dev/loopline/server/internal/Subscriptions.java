package dev.loopline.server.internal;

import java.util.concurrent.Flow;

/** Small pieces of the {@link Flow} protocol shared by the body streams. */
final class Subscriptions {

    /** A subscription that does nothing: for a subscriber that is refused right after {@code onSubscribe}. */
    static final Flow.Subscription NONE = new Flow.Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    };

    private Subscriptions() {
    }

    /** {@code a + b} without overflow: demand is capped at {@code Long.MAX_VALUE} (Reactive Streams rule 3.17). */
    static long addDemand(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
