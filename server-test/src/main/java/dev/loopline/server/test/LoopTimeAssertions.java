package dev.loopline.server.test;

import dev.loopline.server.HttpServer;
import dev.loopline.server.RouteLoopTime;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Fails a test when a route's time on the event loop since a checkpoint is over a bound, so that a change that moves
 * work onto the loop is caught in CI, not in production:
 *
 * <pre>{@code
 * LoopTimeAssertions loop = LoopTimeAssertions.since(server);
 * ... call GET /reports/{id} 200 times ...
 * loop.assertLoopTime("GET", "/reports/{id}", 200, 0.99, Duration.ofMillis(1));
 * }</pre>
 *
 * <p>The loop time is {@link dev.loopline.server.Exchange#loopNanos()}: the route's filters and handler up to the
 * returned stage, and its continuations on the loop; offloaded work does not count. It is wall-clock time, so a
 * machine busier than its cores can add to it: bound it with room to spare. An exchange is counted when its last
 * byte has been handed to the connection, which for a body in memory is before its client can read the response.
 */
public final class LoopTimeAssertions {

    private static final Duration COUNT_WAIT = Duration.ofSeconds(5);

    private final HttpServer server;
    private final List<RouteLoopTime> before;

    private LoopTimeAssertions(HttpServer server) {
        this.server = Objects.requireNonNull(server, "server");
        this.before = server.routeLoopTimes();
    }

    /** A checkpoint: the assertions look at the calls {@code server} counted after it. */
    public static LoopTimeAssertions since(HttpServer server) {
        return new LoopTimeAssertions(server);
    }

    /**
     * The loop time of {@code method} {@code route} since the checkpoint. {@code route} is the route's pattern
     * ({@code /todos/{id}}), {@code method} {@code GET}, {@code POST}, ... or {@code OTHER}.
     */
    public RouteLoopTime loopTime(String method, String route) {
        RouteLoopTime now = find(server.routeLoopTimes(), method, route);
        if (now == null) {
            return null;
        }
        RouteLoopTime earlier = find(before, method, route);
        return earlier == null ? now : now.since(earlier);
    }

    /**
     * Fails with an {@link AssertionError} unless at least {@code calls} calls of {@code method} {@code route} were
     * counted since the checkpoint (waiting up to five seconds for the last of them) and a fraction {@code quantile}
     * of them (0.99: all but the slowest 1 %; 1.0: every one) spent at most {@code bound} on the loop.
     *
     * @throws InterruptedException if interrupted while waiting for the count
     */
    public void assertLoopTime(String method, String route, long calls, double quantile, Duration bound)
            throws InterruptedException {
        Objects.requireNonNull(bound, "bound");
        long deadline = System.nanoTime() + COUNT_WAIT.toNanos();
        RouteLoopTime time = loopTime(method, route);
        while ((time == null || time.calls() < calls) && System.nanoTime() < deadline) {
            Thread.sleep(5);
            time = loopTime(method, route);
        }
        if (time == null || time.calls() < calls) {
            throw new AssertionError("expected at least " + calls + " calls of " + method + " " + route
                    + " since the checkpoint, counted " + (time == null ? 0 : time.calls()) + "; routes seen: "
                    + server.routeLoopTimes().stream().map(t -> t.method() + " " + t.route()).toList());
        }
        Duration measured = time.percentile(quantile);
        if (measured.compareTo(bound) > 0) {
            throw new AssertionError(method + " " + route + " spent up to " + micros(measured) + " µs on the event"
                    + " loop at p" + percentLabel(quantile) + " over " + time.calls() + " calls, over the bound of "
                    + micros(bound) + " µs (" + time + "). Move its CPU-heavy work to Offload.cpu(...) and its"
                    + " blocking calls to Offload.blocking(...)");
        }
    }

    private static RouteLoopTime find(List<RouteLoopTime> times, String method, String route) {
        for (RouteLoopTime time : times) {
            if (time.method().equals(method) && time.route().equals(route)) {
                return time;
            }
        }
        return null;
    }

    private static long micros(Duration duration) {
        return duration.toNanos() / 1_000;
    }

    private static String percentLabel(double quantile) {
        double percent = quantile * 100;
        return percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent);
    }
}
