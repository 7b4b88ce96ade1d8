package dev.loopline.examples.gateway;

import dev.loopline.otel.Tracing;
import dev.loopline.routing.Router;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Three stand-in upstream services, each a Loopline server on a loopback port, so that the gateway runs with one
 * command: {@code profile} and {@code orders} answer at once, {@code recommendations} after a delay (without
 * parking a thread: its response is completed later by a timer).
 */
public final class LocalUpstreams implements AutoCloseable {

    private final List<HttpServer> servers = new ArrayList<>();
    private final List<Upstream> upstreams = new ArrayList<>();

    private final Tracing tracing;

    private LocalUpstreams(Tracing tracing) {
        this.tracing = tracing;
    }

    public static LocalUpstreams start(Duration slowDelay) {
        return start(slowDelay, Tracing.of(OpenTelemetry.noop()));
    }

    /** The stand-ins, traced: their server spans join the gateway's traces through the {@code traceparent} it sends. */
    public static LocalUpstreams start(Duration slowDelay, Tracing tracing) {
        LocalUpstreams local = new LocalUpstreams(tracing);
        try {
            local.serve("profile", Router.builder().filter(tracing.filter()).get("/profile", request -> Response.json(
                    "{\"user\":\"ada\",\"name\":\"Ada Lovelace\",\"plan\":\"pro\"}").completed()).build());
            local.serve("orders", Router.builder().filter(tracing.filter()).get("/orders", request -> Response.json(
                    "{\"open\":2,\"lastOrder\":{\"id\":1042,\"total\":\"7.50\"}}").completed()).build());
            Response recommendations = Response.json("{\"items\":[\"Notes on the Analytical Engine\",\"Sketch of "
                    + "the Analytical Engine\"]}");
            local.serve("recommendations", Router.builder().filter(tracing.filter()).get("/recommendations", request ->
                    CompletableFuture.supplyAsync(() -> recommendations,
                            CompletableFuture.delayedExecutor(slowDelay.toMillis(), TimeUnit.MILLISECONDS))).build());
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
        return local;
    }

    private void serve(String name, Router router) {
        HttpServer server = HttpServer.start(tracing.install(ServerConfig.builder())
                .host("127.0.0.1").port(0)
                .eventLoops(1)
                .serverName("upstream-" + name)
                .shutdownGracePeriod(Duration.ofSeconds(1)) // a stand-in need not let a slow answer finish
                .build(), router);
        servers.add(server);
        upstreams.add(new Upstream(name, URI.create("http://127.0.0.1:" + server.port() + "/" + name)));
    }

    public List<Upstream> upstreams() {
        return List.copyOf(upstreams);
    }

    @Override
    public void close() {
        servers.forEach(HttpServer::close);
    }

    @Override
    public String toString() {
        return "local upstreams " + upstreams;
    }
}
