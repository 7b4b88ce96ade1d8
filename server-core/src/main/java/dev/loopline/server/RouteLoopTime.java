package dev.loopline.server;

import dev.loopline.server.internal.LoopTimeBuckets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * How much event-loop time one route's requests took, for one method: a histogram of
 * {@link Exchange#loopNanos()} (four buckets to an octave, so a percentile is the upper bound of its bucket: never
 * below the true value, at most 25 % above it). Read from {@link HttpServer#routeLoopTimes()}, which counts
 * since the server started; {@link #since} gives the calls between two readings. Immutable.
 */
public final class RouteLoopTime {

    private final String method;
    private final String route;
    private final long[] cells; // [calls, totalNanos, buckets...]

    /** For the server: {@code cells} is taken over, not copied. */
    RouteLoopTime(String method, String route, long[] cells) {
        this.method = method;
        this.route = route;
        this.cells = cells;
    }

    /** {@code GET}, {@code POST}, ..., or {@code OTHER} for a non-standard method. */
    public String method() {
        return method;
    }

    /** The route's pattern, such as {@code /todos/{id}}; empty for requests no route matched. */
    public String route() {
        return route;
    }

    /** Requests counted. */
    public long calls() {
        return cells[0];
    }

    /** Their loop time, summed. */
    public Duration total() {
        return Duration.ofNanos(cells[1]);
    }

    /** The loop time under which {@code quantile} (0 to 1) of the calls stayed; zero when there were none. */
    public Duration percentile(double quantile) {
        if (!(quantile >= 0 && quantile <= 1)) {
            throw new IllegalArgumentException("quantile must be between 0 and 1, was " + quantile);
        }
        return Duration.ofNanos(LoopTimeBuckets.quantile(cells, quantile));
    }

    /** The longest call's loop time (the upper bound of its bucket); zero when there were none. */
    public Duration max() {
        return percentile(1.0);
    }

    /**
     * The calls counted here and not in {@code earlier}, a reading of the same route and method taken before this one.
     *
     * @throws IllegalArgumentException when {@code earlier} is of another route or method
     */
    public RouteLoopTime since(RouteLoopTime earlier) {
        Objects.requireNonNull(earlier, "earlier");
        if (!earlier.method.equals(method) || !earlier.route.equals(route)) {
            throw new IllegalArgumentException("cannot subtract the loop time of " + earlier.method + " "
                    + earlier.route + " from that of " + method + " " + route);
        }
        long[] difference = new long[cells.length];
        for (int i = 0; i < cells.length; i++) {
            difference[i] = Math.max(0, cells[i] - earlier.cells[i]);
        }
        return new RouteLoopTime(method, route, difference);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RouteLoopTime && ((RouteLoopTime) other).method.equals(method)
                && ((RouteLoopTime) other).route.equals(route) && Arrays.equals(((RouteLoopTime) other).cells, cells);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, route, Arrays.hashCode(cells));
    }

    @Override
    public String toString() {
        return method + " " + (route.isEmpty() ? "(no route)" : route) + ": " + calls() + " calls, p50 "
                + micros(percentile(0.5)) + " µs, p99 " + micros(percentile(0.99)) + " µs, max " + micros(max())
                + " µs on the loop";
    }

    private static long micros(Duration duration) {
        return duration.toNanos() / 1_000;
    }
}
