package dev.loopline.examples.gateway;

import dev.loopline.examples.ExampleOptions;
import dev.loopline.examples.RunningExample;
import dev.loopline.otel.Tracing;
import dev.loopline.routing.AccessLog;
import dev.loopline.routing.RequestId;
import dev.loopline.routing.Router;
import dev.loopline.server.Health;
import dev.loopline.server.ServerConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
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
 * {@code recommendations} stand-in (default 300), {@code --trace log} to trace it with OpenTelemetry and log each
 * span as it ends (server spans of the gateway and of the local stand-ins, client spans of the calls between them,
 * all in one trace; default {@code none}).
 */
public final class GatewayService {

    private static final Logger log = LoggerFactory.getLogger(GatewayService.class);

    private GatewayService() {
    }

    public static RunningExample start(ExampleOptions options) {
        String trace = options.option("trace").orElse("none");
        if (!trace.equals("none") && !trace.equals("log")) {
            throw new IllegalArgumentException("--trace must be none or log, was " + trace);
        }
        if (trace.equals("none")) {
            return start(options, OpenTelemetry.noop(), null);
        }
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(LoggingSpanExporter.create())).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        try {
            return start(options, sdk, sdk); // the SDK closes with the gateway, flushing the last spans
        } catch (RuntimeException e) {
            sdk.close();
            throw e;
        }
    }

    /** The gateway, traced with {@code openTelemetry} (its SDK is the caller's to configure and close). */
    public static RunningExample start(ExampleOptions options, OpenTelemetry openTelemetry) {
        return start(options, openTelemetry, null);
    }

    private static RunningExample start(ExampleOptions options, OpenTelemetry openTelemetry, AutoCloseable sdk) {
        options.requireOnly("gateway", Set.of("upstream", "timeout-ms", "slow-ms", "trace"));
        Tracing tracing = Tracing.of(openTelemetry);
        Duration timeout = options.millisOption("timeout-ms", Duration.ofSeconds(1), Duration.ofMinutes(1));
        if (timeout.isZero()) {
            throw new IllegalArgumentException("--timeout-ms must be at least 1");
        }
        Duration slowDelay = options.millisOption("slow-ms", Duration.ofMillis(300), Duration.ofMinutes(1));
        ServerConfig config = tracing.install(ServerConfig.builder()).host(options.host()).port(options.port())
                .observer(AccessLog.observer()).build();

        List<AutoCloseable> resources = new ArrayList<>();
        if (sdk != null) {
            resources.add(sdk); // closed last: after the client and the stand-ins have ended their spans
        }
        List<Upstream> upstreams = new ArrayList<>();
        for (String option : options.options("upstream")) {
            upstreams.add(Upstream.parse(option));
        }
        if (upstreams.isEmpty()) {
            LocalUpstreams local = LocalUpstreams.start(slowDelay, tracing);
            resources.add(local);
            upstreams.addAll(local.upstreams());
        }
        AsyncHttpClient client = newClient(timeout);
        resources.add(client); // closed before the upstreams: resources close last one first
        log.info("upstreams (timeout {} ms each): {}", timeout.toMillis(), upstreams);
        return RunningExample.start("gateway", config, router(client, upstreams, timeout, tracing, openTelemetry),
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
        return router(client, upstreams, timeout, Tracing.of(OpenTelemetry.noop()), OpenTelemetry.noop());
    }

    /** The routes, with {@code tracing}'s filter outermost; its observer must be installed on the server's config. */
    public static Router router(AsyncHttpClient client, List<Upstream> upstreams, Duration timeout, Tracing tracing,
                                OpenTelemetry openTelemetry) {
        return Router.builder()
                .filter(tracing.filter())
                .filter(RequestId.filter())
                .get("/health/live", Health.liveness())
                .get("/dashboard", new Dashboard(client, upstreams, timeout, openTelemetry))
                .build();
    }
}
