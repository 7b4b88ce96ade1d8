package dev.loopline.server.internal;

import dev.loopline.server.RouteLoopTime;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop budget: sums the loops' {@link RouteLoopRecorder}s into loop time per route, keeps the last minute as a
 * window (readings every ten seconds), and names each route whose p99 over that window is over the budget in a WARN,
 * at most once a minute per route. Ticked by the loop guard's thread; read by any thread.
 */
final class LoopBudget {

    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(60);
    static final long READING_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Fewer calls in the window say nothing about its p99 (the first call of a route loads its classes). */
    static final long MIN_CALLS = 100;

    private static final Logger log = LoggerFactory.getLogger(Loggers.LOOP_GUARD);
    private static final MethodHandle NEW_ROUTE_LOOP_TIME;

    static {
        try {
            NEW_ROUTE_LOOP_TIME = MethodHandles.privateLookupIn(RouteLoopTime.class, MethodHandles.lookup())
                    .findConstructor(RouteLoopTime.class, MethodType.methodType(void.class, String.class,
                            String.class, long[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final List<RouteLoopRecorder> recorders;
    private final long budgetNanos; // 0: no warnings
    private final ArrayDeque<Reading> readings = new ArrayDeque<>(); // oldest first; guarded by this
    private final Map<String, Long> lastWarned = new HashMap<>();    // guarded by this
    private long lastReading;

    /** Cumulative cells per "METHOD route", at one time. */
    private record Reading(long at, Map<String, long[]> cells) {
    }

    LoopBudget(List<RouteLoopRecorder> recorders, Duration budget) {
        this.recorders = recorders;
        this.budgetNanos = budget.toNanos();
        this.lastReading = System.nanoTime();
    }

    /** Loop time per route and method since the server started, most loop time first. */
    List<RouteLoopTime> sinceStart() {
        return toList(cumulative());
    }

    /** Loop time per route and method over about the last minute, most loop time first. */
    synchronized List<RouteLoopTime> lastMinute(long now) {
        Map<String, long[]> current = cumulative();
        Map<String, long[]> base = baseFor(now);
        for (Map.Entry<String, long[]> route : current.entrySet()) {
            long[] before = base.get(route.getKey());
            if (before != null) {
                long[] cells = route.getValue();
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = Math.max(0, cells[i] - before[i]);
                }
            }
        }
        current.values().removeIf(cells -> cells[0] == 0);
        return toList(current);
    }

    /** Takes a reading when one is due, and warns about routes over the budget (the guard's thread, once a second). */
    void tick(long now) {
        List<RouteLoopTime> window;
        synchronized (this) {
            if (now - lastReading >= READING_EVERY_NANOS) {
                lastReading = now;
                readings.addLast(new Reading(now, cumulative()));
                while (readings.size() > 1 + WINDOW_NANOS / READING_EVERY_NANOS) {
                    readings.removeFirst();
                }
            }
            if (budgetNanos == 0) {
                return;
            }
            window = lastMinute(now);
        }
        for (RouteLoopTime route : window) {
            long p99 = route.percentile(0.99).toNanos();
            if (route.calls() >= MIN_CALLS && p99 > budgetNanos && mayWarn(route.method() + " " + route.route(), now)) {
                log.warn("{} {} spends p99 {} ms on the event loop over the last {} s ({} calls, budget {} ms); move"
                                + " its CPU-heavy work to Offload.cpu(...) and its blocking calls to Offload.blocking(...)",
                        route.method(), route.route().isEmpty() ? "(no route)" : route.route(), millis(p99),
                        TimeUnit.NANOSECONDS.toSeconds(WINDOW_NANOS), route.calls(), millis(budgetNanos));
            }
        }
    }

    long budgetNanos() {
        return budgetNanos;
    }

    private synchronized boolean mayWarn(String key, long now) {
        Long last = lastWarned.get(key);
        if (last != null && now - last < WINDOW_NANOS) {
            return false;
        }
        lastWarned.put(key, now);
        return true;
    }

    /** The oldest reading still inside the window: the window runs from it to now (from the start when none). */
    private Map<String, long[]> baseFor(long now) {
        for (Reading reading : readings) {
            if (now - reading.at <= WINDOW_NANOS) {
                return reading.cells;
            }
        }
        return Map.of();
    }

    private Map<String, long[]> cumulative() {
        Map<String, long[]> sums = new LinkedHashMap<>();
        for (RouteLoopRecorder recorder : recorders) {
            recorder.forEach((route, methodCells) -> {
                long[] sum = sums.computeIfAbsent(RouteLoopRecorder.METHODS[methodCells.getKey()] + " " + route,
                        key -> new long[LoopTimeBuckets.CELLS]);
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += methodCells.getValue().get(i);
                }
            });
        }
        return sums;
    }

    private static List<RouteLoopTime> toList(Map<String, long[]> cells) {
        List<RouteLoopTime> list = new ArrayList<>(cells.size());
        for (Map.Entry<String, long[]> entry : cells.entrySet()) {
            String key = entry.getKey();
            int space = key.indexOf(' ');
            list.add(newRouteLoopTime(key.substring(0, space), key.substring(space + 1), entry.getValue()));
        }
        list.sort(Comparator.comparing(RouteLoopTime::total).reversed());
        return list;
    }

    private static RouteLoopTime newRouteLoopTime(String method, String route, long[] cells) {
        try {
            return (RouteLoopTime) NEW_ROUTE_LOOP_TIME.invokeExact(method, route, cells);
        } catch (Throwable impossible) {
            throw new AssertionError(impossible);
        }
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
