package dev.loopline.loadtest.servers;

import dev.loopline.server.HttpServer;
import dev.loopline.server.ServerConfig;
import java.time.Duration;

/** {@code loopline}: this framework with the settings of a user who reads the fairness table. */
final class LooplineBenchServer implements RunningServer {

    private final HttpServer server;

    private LooplineBenchServer(HttpServer server) {
        this.server = server;
    }

    static RunningServer start(int port) {
        ServerConfig config = ServerConfig.builder()
                .host(BenchLimits.HOST)
                .port(port)
                .backlog(BenchLimits.BACKLOG)
                .maxConnections(BenchLimits.MAX_CONNECTIONS) // default 10 000 would refuse the idle scenario's probe
                .idleTimeout(BenchLimits.IDLE_TIMEOUT)
                .handlerTimeout(Duration.ofSeconds(61)) // default 30 s would cut /slow?ms=60000 short
                .build();
        return new LooplineBenchServer(HttpServer.start(config, LooplineRoutes.router()));
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public String details() {
        return "transport=" + server.transport() + " eventLoops=" + server.eventLoops()
                + " cpuThreads=" + server.config().effectiveCpuThreads();
    }

    @Override
    public void close() {
        server.close();
    }
}
