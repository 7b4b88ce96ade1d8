package dev.loopline.routing.internal;

import dev.loopline.server.HttpServer;
import dev.loopline.server.ServerStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The server's {@link ServerStats} as Micrometer meters, from one snapshot a second. Micrometer holds the object a
 * meter reads weakly unless told otherwise: the gauges hold this one strongly (and so keep it for the function
 * counters), or the first GC after {@code Metrics.bind} would turn every meter into NaN.
 */
public final class ServerMeters {

    private static final long SNAPSHOT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final HttpServer server;
    private volatile ServerStats snapshot;
    private volatile long takenAt;

    private ServerMeters(HttpServer server) {
        this.server = server;
        this.snapshot = server.stats();
        this.takenAt = System.nanoTime();
    }

    public static void register(MeterRegistry registry, HttpServer server) {
        ServerMeters meters = new ServerMeters(server);
        ServerStats first = meters.stats();
        for (int i = 0; i < first.loops().size(); i++) {
            int loop = i;
            String thread = first.loops().get(i).thread();
            meters.lag(registry, "loopline.eventloop.lag", thread, "lag of the loop's newest heartbeat",
                    stats -> stats.loops().get(loop).currentLag());
            meters.lag(registry, "loopline.eventloop.lag.max", thread, "largest lag since start",
                    stats -> stats.loops().get(loop).maxLag());
            meters.lag(registry, "loopline.eventloop.lag.p99", thread, "99th percentile lag, recent window",
                    stats -> stats.loops().get(loop).lagP99());
            FunctionCounter.builder("loopline.eventloop.blocked", meters,
                            m -> m.stats().loops().get(loop).blockedEpisodes())
                    .description("times the loop was held past the loop guard's threshold")
                    .tag("loop", thread).register(registry);
        }
        meters.pool(registry, "cpu", ServerStats::cpuPool);
        meters.pool(registry, "blocking", ServerStats::blockingPool);
        meters.gauge(registry, "loopline.connections.open", "connections open now", ServerStats::openConnections);
        meters.gauge(registry, "loopline.requests.inflight", "requests received and not yet answered",
                ServerStats::requestsInFlight);
        meters.counter(registry, "loopline.requests", "requests received", ServerStats::requestsTotal);
        meters.counter(registry, "loopline.connections.refused", "connections refused at the limit",
                ServerStats::connectionsRefused);
        meters.counter(registry, "loopline.handler.timeouts", "requests answered 503 after the handler timeout",
                ServerStats::handlerTimeouts);
        meters.gauge(registry, "loopline.websocket.sessions", "WebSocket sessions open now",
                ServerStats::webSocketSessions);
        meters.counter(registry, "loopline.websocket.messages.in", "WebSocket messages received",
                ServerStats::webSocketMessagesIn);
        meters.counter(registry, "loopline.websocket.messages.out", "WebSocket messages sent",
                ServerStats::webSocketMessagesOut);
    }

    private ServerStats stats() {
        long now = System.nanoTime();
        if (now - takenAt > SNAPSHOT_NANOS) {
            snapshot = server.stats();
            takenAt = now;
        }
        return snapshot;
    }

    private void lag(MeterRegistry registry, String name, String thread, String description,
                     Function<ServerStats, Duration> lag) {
        TimeGauge.builder(name, this, TimeUnit.NANOSECONDS, meters -> lag.apply(meters.stats()).toNanos())
                .strongReference(true)
                .description(description).tag("loop", thread).register(registry);
    }

    private void pool(MeterRegistry registry, String pool, Function<ServerStats, ServerStats.PoolStats> of) {
        Gauge.builder("loopline.offload.queue", this, m -> of.apply(m.stats()).queueDepth())
                .description("offloaded tasks waiting").tag("pool", pool).strongReference(true).register(registry);
        Gauge.builder("loopline.offload.active", this, m -> of.apply(m.stats()).active())
                .description("offloaded tasks running").tag("pool", pool).strongReference(true).register(registry);
        FunctionCounter.builder("loopline.offload.rejected", this, m -> of.apply(m.stats()).rejected())
                .description("offloaded tasks refused with 503").tag("pool", pool).register(registry);
        FunctionCounter.builder("loopline.offload.completed", this, m -> of.apply(m.stats()).completed())
                .description("offloaded tasks finished").tag("pool", pool).register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<ServerStats> of) {
        Gauge.builder(name, this, m -> of.applyAsDouble(m.stats())).description(description).strongReference(true)
                .register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<ServerStats> of) {
        FunctionCounter.builder(name, this, m -> of.applyAsDouble(m.stats())).description(description)
                .register(registry);
    }
}
