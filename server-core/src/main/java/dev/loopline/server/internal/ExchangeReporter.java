package dev.loopline.server.internal;

import dev.loopline.server.Exchange;
import io.netty.channel.ChannelFuture;
import java.util.function.LongSupplier;

/**
 * What one connection's exchanges tell the loop's route times and the server's observers: times the handler calls
 * (two clock reads; a third only when an observer wants the duration to the last byte) and reports each exchange
 * whose handler ran when it ends. Loop thread only.
 */
final class ExchangeReporter {

    private final Observers observers;
    private final LoopMonitor loop;

    ExchangeReporter(Observers observers, LoopMonitor loop) {
        this.observers = observers;
        this.loop = loop;
    }

    /**
     * A handler is about to be called: returns what the caller keeps for {@link #handlerReturned} (the nested time of
     * a handler that runs around this one so far).
     */
    long handlerStarts() {
        long outer = loop.nestedNanos;
        loop.nestedNanos = 0;
        return outer;
    }

    /**
     * The handler called at {@code start} has returned its stage: that time counts for its exchange, less the time of
     * handlers it ran meanwhile (a completion that ran the next request's handler), which count for their own.
     */
    void handlerReturned(ResponseSlot slot, long start, long outer) {
        long elapsed = System.nanoTime() - start;
        if (observers.wantsDuration()) { // a few more bytes per request, only for the observers that want it
            slot.startedAt(start);
        }
        slot.loopNanos += elapsed - loop.nestedNanos;
        loop.nestedNanos = outer + elapsed;
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
        loop.routeTimes.record(slot.request.method(), slot.route, slot.loopNanos);
        observers.ended(slot);
    }

    /**
     * Reports {@code slot} once {@code lastWrite} is done: COMPLETED when it succeeded, ABANDONED when the connection
     * failed first; {@code bytes}, when given, says how much of the body went out.
     */
    void endedWhenWritten(ResponseSlot slot, ChannelFuture lastWrite, LongSupplier bytes) {
        lastWrite.addListener(future -> {
            if (bytes != null) {
                slot.streamedBytes(bytes.getAsLong());
            }
            ended(slot, future.isSuccess() ? Exchange.Outcome.COMPLETED : Exchange.Outcome.ABANDONED);
        });
    }
}
