package dev.loopline.server.internal;

import dev.loopline.server.Exchange;

/**
 * What one connection's exchanges tell the loop's route times and the server's observers: times the handler calls
 * (two clock reads; a third only when an observer wants the duration to the last byte) and reports each exchange
 * whose handler ran when it ends. Loop thread only.
 */
final class ExchangeReporter {

    private final Observers observers;
    private final RouteLoopRecorder routeTimes;
    private long nestedNanos; // loop time of the handlers called while another one runs (subtracted from its own)

    ExchangeReporter(Observers observers, RouteLoopRecorder routeTimes) {
        this.observers = observers;
        this.routeTimes = routeTimes;
    }

    /**
     * A handler is about to be called: returns what the caller keeps for {@link #handlerReturned} (the nested time of
     * a handler that runs around this one so far).
     */
    long handlerStarts() {
        long outer = nestedNanos;
        nestedNanos = 0;
        return outer;
    }

    /**
     * The handler called at {@code start} has returned its stage: that time counts for its exchange, less the time of
     * handlers it ran meanwhile (a completion that ran the next request's handler), which count for their own.
     */
    void handlerReturned(ResponseSlot slot, long start, long outer) {
        long elapsed = System.nanoTime() - start;
        if (observers.wantsDuration()) {
            slot.startedAt(start);
        }
        slot.loopNanos += elapsed - nestedNanos;
        nestedNanos = outer + elapsed;
    }

    /** Tells the loop's route times and the observers how an exchange has ended. */
    void ended(ResponseSlot slot, Exchange.Outcome outcome) {
        if (!slot.invoked()) {
            return; // refused before a handler saw it, or abandoned while it waited for its turn
        }
        slot.outcome(outcome);
        boolean duration = observers.wantsDuration();
        long now = duration || slot.continuing() ? System.nanoTime() : 0;
        slot.continuationEnds(now); // ended by a continuation on the loop (Offload.loop, Delay): its time so far counts
        if (duration) {
            slot.endedAt(now);
        }
        routeTimes.record(slot.request.method(), slot.route, slot.loopNanos);
        observers.ended(slot);
    }
}
