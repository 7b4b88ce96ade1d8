package dev.loopline.examples.gateway;

import dev.loopline.examples.ExampleOptions;
import dev.loopline.examples.RunningExample;
import dev.loopline.routing.AccessLog;
import dev.loopline.routing.RequestId;
import dev.loopline.routing.Router;
import dev.loopline.server.Health;
import dev.loopline.server.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.Dsl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An API gateway: {@code GET /dashboard} fans out to three upstreams at once with one shared AsyncHttpClient and
 * merges their JSON, a late or failed upstream marked unavailable (see {@link Dashboard}).
 *
 * <p>Options: {@code --upstream NAME=URL}, once per upstream (default: start three local stand-ins),
 * {@code --timeout-ms N} per upstream call (default 1000), {@code --slow-ms N} delay of the local
 * {@code recommendations} stand-in (default 300).
 */
public final class GatewayService {

    private static final Logger log = LoggerFactory.getLogger(GatewayService.class);

    private GatewayService() {
    }

    public static RunningExample start(ExampleOptions options) {
        options.requireOnly("gateway", Set.of("upstream", "timeout-ms", "slow-ms"));
        Duration timeout = options.millisOption("timeout-ms", Duration.ofSeconds(1), Duration.ofMinutes(1));
        if (timeout.isZero()) {
            throw new IllegalArgumentException("--timeout-ms must be at least 1");
        }
        Duration slowDelay = options.millisOption("slow-ms", Duration.ofMillis(300), Duration.ofMinutes(1));
        ServerConfig config = ServerConfig.builder().host(options.host()).port(options.port()).build();

        List<AutoCloseable> resources = new ArrayList<>();
        List<Upstream> upstreams = new ArrayList<>();
        for (String option : options.options("upstream")) {
            upstreams.add(Upstream.parse(option));
        }
        if (upstreams.isEmpty()) {
            LocalUpstreams local = LocalUpstreams.start(slowDelay);
            resources.add(local);
            upstreams.addAll(local.upstreams());
        }
        AsyncHttpClient client = newClient(timeout);
        resources.add(client); // closed before the upstreams: resources close last one first
        log.info("upstreams (timeout {} ms each): {}", timeout.toMillis(), upstreams);
        return RunningExample.start("gateway", config, router(client, upstreams, timeout),
                resources.toArray(AutoCloseable[]::new));
    }

    /** One client for the whole service: it pools connections and runs its own small set of I/O threads. */
    public static AsyncHttpClient newClient(Duration timeout) {
        return Dsl.asyncHttpClient(Dsl.config()
                .setThreadPoolName("gateway-client")
                .setConnectTimeout(timeout)
                .setRequestTimeout(timeout)
                .setKeepAlive(true)
                .setFollowRedirect(false));
    }

    public static Router router(AsyncHttpClient client, List<Upstream> upstreams, Duration timeout) {
        return Router.builder()
                .filter(AccessLog.filter())
                .filter(RequestId.filter())
                .get("/health/live", Health.liveness())
                .get("/dashboard", new Dashboard(client, upstreams, timeout))
                .build();
    }
}
