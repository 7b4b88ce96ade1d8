package dev.loopline.examples.rest;

import dev.loopline.examples.ExampleOptions;
import dev.loopline.examples.RunningExample;
import dev.loopline.routing.AccessLog;
import dev.loopline.routing.Json;
import dev.loopline.routing.RequestId;
import dev.loopline.routing.Router;
import dev.loopline.server.Health;
import dev.loopline.server.LoopReport;
import dev.loopline.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * A to-do service on an embedded H2 database through a HikariCP pool, with every query on
 * {@code Offload.blocking}, health endpoints for a load balancer, Prometheus metrics, and a drain delay for
 * graceful restarts.
 *
 * <p>Options: {@code --db PATH} (keep the data in {@code PATH.mv.db}; default: in memory), {@code --pool-size N}
 * (connections, and blocking tasks at once; default 8), {@code --drain-ms N} (readiness 503 but still serving,
 * before the listener closes; default 2000), {@code --grace-ms N} (then, time for requests in flight; default
 * 10000), {@code --admin-token T} (the bearer token of the {@code /admin} routes; without it they answer 401).
 */
public final class RestService {

    static final Set<String> OPTIONS = Set.of("db", "pool-size", "drain-ms", "grace-ms", "admin-token");

    private RestService() {
    }

    public static RunningExample start(ExampleOptions options) {
        options.requireOnly("rest", OPTIONS);
        int poolSize = options.intOption("pool-size", 8, 1, 256);
        PrometheusMetrics metrics = new PrometheusMetrics();
        ServerConfig config = observed(ServerConfig.builder(), metrics)
                .host(options.host())
                .port(options.port())
                .drainDelay(options.millisOption("drain-ms", Duration.ofSeconds(2), Duration.ofMinutes(5)))
                .shutdownGracePeriod(options.millisOption("grace-ms", Duration.ofSeconds(10), Duration.ofMinutes(5)))
                // As many JDBC tasks at once as connections: the rest wait in the bounded queue, not in the pool.
                .blockingConcurrency(poolSize)
                .maxBodyBytes(64 * 1024) // a to-do is small; a bigger body is a 413 before it is read
                .build();
        TodoDatabase database = options.option("db")
                .map(path -> TodoDatabase.inFile(Path.of(path), poolSize))
                .orElseGet(() -> TodoDatabase.inMemory(poolSize));
        RunningExample rest = RunningExample.start("rest", config,
                router(database.dataSource(), database::isReachable, metrics, options.option("admin-token")),
                database, metrics);
        metrics.bind(rest.server());
        return rest;
    }

    /**
     * The server's observers: metrics (request timers to the last byte, loop time per route, body sizes) and the
     * access log, one line per exchange when its last byte is written.
     */
    public static ServerConfig.Builder observed(ServerConfig.Builder config, PrometheusMetrics metrics) {
        return config.observer(metrics.observer()).observer(AccessLog.observer());
    }

    public static Router router(TodoDatabase database, PrometheusMetrics metrics) {
        return router(database.dataSource(), database::isReachable, metrics, Optional.empty());
    }

    /**
     * The routes over any data source with the todo table, a readiness check for it, and the admin token (the
     * {@code /admin} routes refuse everyone without one).
     */
    public static Router router(DataSource dataSource, BooleanSupplier databaseReachable, PrometheusMetrics metrics,
                                Optional<String> adminToken) {
        TodoRoutes todos = new TodoRoutes(new TodoStore(dataSource));
        return todos.register(Router.builder()
                .filter(RequestId.filter())
                .get("/health/live", Health.liveness())
                .get("/health/ready", Health.readiness(Map.of("database", databaseReachable)))
                .get("/metrics", metrics.handler())
                .get("/loop", LoopReport.handler()) // loop time per route, loop lag, offload queues
                .group("/admin", admin -> admin.filter(AdminAuth.filter(adminToken))
                        .get("/whoami", request -> Json.response(Map.of(
                                "principal", request.attribute(AdminAuth.PRINCIPAL).orElseThrow(),
                                "requestId", RequestId.get(request).orElse(""))).completed())))
                .build();
    }
}
