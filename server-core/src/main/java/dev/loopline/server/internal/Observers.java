package dev.loopline.server.internal;

import dev.loopline.server.Exchange;
import dev.loopline.server.ExchangeObserver;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link ExchangeObserver}s of a server, told in order; one that throws is logged (at most every ten seconds). */
final class Observers {

    private static final Logger log = LoggerFactory.getLogger(Loggers.SERVER);
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ExchangeObserver[] observers;
    private final boolean wantsDuration;
    private final ExchangeObserver[] carriers; // those that carry a context across thread hops
    private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS - 1);

    Observers(List<ExchangeObserver> list) {
        this.observers = list.toArray(new ExchangeObserver[0]);
        boolean duration = false;
        for (ExchangeObserver observer : observers) {
            duration |= observer.wantsDuration();
        }
        this.wantsDuration = duration;
        this.carriers = list.stream().filter(Observers::carriesContext).toArray(ExchangeObserver[]::new);
    }

    /** True when {@code observer}'s class overrides {@link ExchangeObserver#captureContext()}. */
    private static boolean carriesContext(ExchangeObserver observer) {
        try {
            return observer.getClass().getMethod("captureContext").getDeclaringClass() != ExchangeObserver.class;
        } catch (NoSuchMethodException impossible) {
            return false;
        }
    }

    /**
     * What carries the current thread's contexts to the other side of a hop set up now, or null when no observer
     * carries any (a plain check then).
     */
    UnaryOperator<Runnable> captureContext() {
        if (carriers.length == 0) {
            return null;
        }
        UnaryOperator<Runnable> all = null;
        for (ExchangeObserver carrier : carriers) {
            UnaryOperator<Runnable> one = carrier.captureContext();
            if (one != null) {
                UnaryOperator<Runnable> before = all;
                all = before == null ? one : task -> before.apply(one.apply(task));
            }
        }
        return all;
    }

    /** {@code task}, wrapped to run in the contexts current on this thread (itself when there are none). */
    Runnable carry(Runnable task) {
        UnaryOperator<Runnable> carrier = captureContext();
        return carrier == null ? task : carrier.apply(task);
    }

    /** Whether any observer reads the duration to the last byte (one more clock read per request). */
    boolean wantsDuration() {
        return wantsDuration;
    }

    void ended(Exchange exchange) {
        for (ExchangeObserver observer : observers) {
            try {
                observer.ended(exchange);
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable e) { // an observer's bug must not stop the connection's writes
                long now = System.nanoTime();
                long last = lastFailureLog.get();
                if (now - last > FAILURE_LOG_INTERVAL_NANOS && lastFailureLog.compareAndSet(last, now)) {
                    log.warn("Exchange observer {} failed on {}; ignored (logged at most every 10 s)", observer,
                            exchange.request(), e);
                }
            }
        }
    }
}
