package dev.loopline.server.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BiConsumer;

/**
 * One event loop's loop time per route and method: cumulative histograms that only this loop writes (ordered
 * stores, no read-modify-write across threads) and any thread may read. No object is made per request: the cells of
 * a route are made on its first request.
 */
final class RouteLoopRecorder {

    static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT",
        "OTHER"};
    /** Routes kept apart per loop; more (a router that names raw paths as routes) share {@link #OTHER_ROUTES}. */
    static final int MAX_ROUTES = 1024;
    static final String OTHER_ROUTES = "(other routes)";

    private final ConcurrentHashMap<String, AtomicLongArray[]> routes = new ConcurrentHashMap<>();

    /** Records one exchange's loop time (the loop's own thread only). */
    void record(String method, String route, long loopNanos) {
        AtomicLongArray[] byMethod = routes.get(route);
        if (byMethod == null) {
            String key = routes.size() < MAX_ROUTES ? route : OTHER_ROUTES;
            byMethod = routes.computeIfAbsent(key, any -> new AtomicLongArray[METHODS.length]);
        }
        int m = methodIndex(method);
        AtomicLongArray cells = byMethod[m];
        if (cells == null) {
            cells = new AtomicLongArray(LoopTimeBuckets.CELLS);
            byMethod[m] = cells; // readers may see it late, never half-made (AtomicLongArray's array is final)
        }
        // The bucket first and the count last: a reader that reads the count first never sees more calls than the
        // buckets hold.
        int bucket = LoopTimeBuckets.FIRST + LoopTimeBuckets.index(loopNanos);
        cells.lazySet(bucket, cells.get(bucket) + 1);
        cells.lazySet(1, cells.get(1) + loopNanos);
        cells.lazySet(0, cells.get(0) + 1);
    }

    /** Hands every (route, method index) with its cells to {@code sink} (any thread; the counts may be a call behind). */
    void forEach(BiConsumer<String, Map.Entry<Integer, AtomicLongArray>> sink) {
        for (Map.Entry<String, AtomicLongArray[]> route : routes.entrySet()) {
            AtomicLongArray[] byMethod = route.getValue();
            for (int m = 0; m < byMethod.length; m++) {
                AtomicLongArray cells = byMethod[m];
                if (cells != null) {
                    sink.accept(route.getKey(), Map.entry(m, cells));
                }
            }
        }
    }

    /** The index of {@code method} in {@link #METHODS}: the standard methods by identity first (Netty's constants). */
    static int methodIndex(String method) {
        for (int i = 0; i < METHODS.length - 1; i++) {
            if (METHODS[i] == method) { // NOPMD: the common case, a constant from the decoder
                return i;
            }
        }
        for (int i = 0; i < METHODS.length - 1; i++) {
            if (METHODS[i].equals(method)) {
                return i;
            }
        }
        return METHODS.length - 1;
    }
}
