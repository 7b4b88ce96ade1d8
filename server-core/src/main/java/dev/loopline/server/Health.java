package dev.loopline.server;

import dev.loopline.server.internal.HealthState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Liveness and readiness handlers for load balancers and Kubernetes probes. Readiness turns to 503 the moment
 * {@link HttpServer#close()} is called; with {@link ServerConfig#drainDelay()} the server keeps serving for a
 * while after that, so a balancer that polls readiness stops sending traffic before the server stops accepting.
 *
 * <pre>{@code
 * router.get("/health/live", Health.liveness()).get("/health/ready", Health.readiness());
 * }</pre>
 */
public final class Health {

    private static final Response UP = Response.json("{\"status\":\"UP\"}").withHeader("Cache-Control", "no-store");
    private static final Response SHUTTING_DOWN = Response.json(503, "{\"status\":\"SHUTTING_DOWN\"}")
            .withHeader("Cache-Control", "no-store");

    private Health() {
    }

    /** 200 {@code {"status":"UP"}} while the process can answer at all. */
    public static Handler liveness() {
        return request -> UP.completed();
    }

    /** 200 {@code {"status":"UP"}}, or 503 {@code {"status":"SHUTTING_DOWN"}} once shutdown has begun. */
    public static Handler readiness() {
        return request -> (HealthState.isShuttingDown(request) ? SHUTTING_DOWN : UP).completed();
    }

    /**
     * Readiness that also asks the given checks (a database ping, say); 503 {@code {"status":"DOWN"}} with each
     * check's result when one fails or throws. Checks may block: they run on the blocking executor.
     */
    public static Handler readiness(Map<String, BooleanSupplier> checks) {
        Map<String, BooleanSupplier> ordered = new LinkedHashMap<>(checks);
        return Offload.blocking(request -> {
            if (HealthState.isShuttingDown(request)) {
                return SHUTTING_DOWN.completed();
            }
            Map<String, Boolean> results = new LinkedHashMap<>();
            boolean allUp = true;
            for (Map.Entry<String, BooleanSupplier> check : ordered.entrySet()) {
                boolean up = HealthState.passes(check.getValue());
                results.put(check.getKey(), up);
                allUp &= up;
            }
            return Response.json(allUp ? 200 : 503, HealthState.json(allUp ? "UP" : "DOWN", results))
                    .withHeader("Cache-Control", "no-store").completed();
        });
    }
}
