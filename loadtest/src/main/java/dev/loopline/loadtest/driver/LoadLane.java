package dev.loopline.loadtest.driver;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.concurrent.TimeUnit;
import org.asynchttpclient.AsyncHandler;
import org.asynchttpclient.HttpResponseBodyPart;
import org.asynchttpclient.HttpResponseStatus;

/**
 * One lane of an {@link HttpLoad}: at most one request in flight, so AsyncHttpClient keeps it on one keep-alive
 * connection. Closed loop: the next request leaves when the answer arrives. Open loop: request k is due at
 * {@code first + k * interval}; a late lane sends at once and its latency still counts from the due time
 * (wrk2's correction for coordinated omission).
 */
final class LoadLane {

    private static final long RETRY_AFTER_ERROR_MILLIS = 10;

    private final HttpLoad load;
    private final long intervalNanos; // 0 for a closed loop
    private volatile long nextDueNanos; // due time of the next request not yet sent; written by the lane's one owner
    private volatile boolean inFlight;

    LoadLane(HttpLoad load, long intervalNanos, long firstDueNanos) {
        this.load = load;
        this.intervalNanos = intervalNanos;
        this.nextDueNanos = firstDueNanos;
    }

    /** Sends the next request now (closed loop, or a late open loop) or when it is due. */
    void sendNext() {
        if (load.stopped) {
            inFlight = false;
            return;
        }
        inFlight = true;
        if (intervalNanos == 0) {
            send(System.nanoTime());
            return;
        }
        long due = nextDueNanos;
        nextDueNanos = due + intervalNanos;
        long waitNanos = due - System.nanoTime();
        if (waitNanos > 0) {
            load.scheduler().schedule(() -> send(due), waitNanos, TimeUnit.NANOSECONDS);
        } else {
            send(due);
        }
    }

    private void send(long latencyOriginNanos) {
        if (load.stopped) {
            inFlight = false;
            return;
        }
        load.client().executeRequest(load.request(), new Exchange(latencyOriginNanos));
    }

    boolean inFlight() {
        return inFlight;
    }

    /** At the end of a window: requests this open-loop lane owed but had not sent count as waiting until then. */
    void recordUnsent(long windowEndNanos) {
        if (intervalNanos == 0) {
            return;
        }
        for (long due = nextDueNanos; due < windowEndNanos; due += intervalNanos) {
            load.record(due, windowEndNanos);
        }
    }

    /** One request: counts its status, records its latency, then hands the lane on. */
    private final class Exchange implements AsyncHandler<Void> {
        private final long latencyOriginNanos;
        private int status; // written and read on the client's I/O thread for this connection

        Exchange(long latencyOriginNanos) {
            this.latencyOriginNanos = latencyOriginNanos;
        }

        @Override
        public State onStatusReceived(HttpResponseStatus responseStatus) {
            status = responseStatus.getStatusCode();
            return State.CONTINUE;
        }

        @Override
        public State onHeadersReceived(HttpHeaders headers) {
            return State.CONTINUE;
        }

        @Override
        public State onBodyPartReceived(HttpResponseBodyPart bodyPart) {
            return State.CONTINUE; // bodies are checked by the contract check, not under load
        }

        @Override
        public Void onCompleted() {
            load.record(latencyOriginNanos, System.nanoTime());
            (status == 200 ? load.ok : load.non200).increment();
            sendNext();
            return null;
        }

        @Override
        public void onThrowable(Throwable failure) {
            load.errors.increment();
            if (load.stopped) {
                inFlight = false;
                return;
            }
            load.scheduler().schedule(LoadLane.this::sendNext, RETRY_AFTER_ERROR_MILLIS, TimeUnit.MILLISECONDS);
        }
    }
}
