package dev.loopline.examples.cpu;

import dev.loopline.examples.ExampleOptions;
import dev.loopline.examples.RunningExample;
import dev.loopline.routing.AccessLog;
import dev.loopline.routing.Router;
import dev.loopline.server.Health;
import dev.loopline.server.Offload;
import dev.loopline.server.ServerConfig;
import java.util.Set;

/**
 * Password hashing, served twice: {@code POST /hash} through {@code Offload.cpu} (right), and
 * {@code POST /hash-inline} on the event loop (wrong, on purpose: watch the loop guard's WARN and the latency of
 * {@code GET /health/live} while it is under load). Option {@code --iterations N} (default 600000).
 */
public final class CpuService {

    private CpuService() {
    }

    public static RunningExample start(ExampleOptions options) {
        options.requireOnly("cpu", Set.of("iterations"));
        PasswordHasher hasher = new PasswordHasher(
                options.intOption("iterations", PasswordHasher.RECOMMENDED_ITERATIONS, 1, 100_000_000));
        ServerConfig config = ServerConfig.builder().host(options.host()).port(options.port()).build();
        return RunningExample.start("cpu (" + hasher + ")", config, router(hasher));
    }

    public static Router router(PasswordHasher hasher) {
        HashRoutes routes = new HashRoutes(hasher);
        return Router.builder()
                .filter(AccessLog.filter())
                .get("/health/live", Health.liveness())
                .post("/hash", Offload.cpu(request -> routes.hash(request).completed()))
                // ANTI-PATTERN, kept for comparison: hashing on the event loop stalls every connection of the loop.
                .post("/hash-inline", request -> routes.hash(request).completed())
                .build();
    }
}
