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
                // raw Netty's /download writes its whole 1 MiB without looking at writability: Loopline may hold as
                // much before it waits (with the default 32/64 KiB marks the download row is about 0.7x)
                .writeBufferLowWaterMark(512 * 1024)
                .writeBufferHighWaterMark(1024 * 1024)
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
