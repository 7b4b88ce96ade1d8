package dev.loopline.loadtest.servers;

import dev.loopline.server.HttpServer;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.TlsConfig;
import java.time.Duration;

/** {@code loopline}: this framework with the settings of a user who reads the fairness table. */
final class LooplineBenchServer implements RunningServer {

    private final HttpServer server;

    private LooplineBenchServer(HttpServer server) {
        this.server = server;
    }

    static RunningServer start(int port, BenchTls tls) {
        ServerConfig.Builder config = ServerConfig.builder()
                .host(BenchLimits.HOST)
                .port(port)
                .backlog(BenchLimits.BACKLOG)
                .maxConnections(BenchLimits.MAX_CONNECTIONS) // default 10 000 would refuse the idle scenario's probe
                .idleTimeout(BenchLimits.IDLE_TIMEOUT)
                .handlerTimeout(Duration.ofSeconds(61)) // default 30 s would cut /slow?ms=60000 short
                // raw Netty's /download writes its whole 1 MiB without looking at writability: Loopline may hold as
                // much before it waits (with the default 32/64 KiB marks the download row is about 0.7x)
                .writeBufferLowWaterMark(512 * 1024)
                .writeBufferHighWaterMark(1024 * 1024);
        // HTTP/2 is on by default (Http2Config.defaults()): h2c with prior knowledge here, h2 by ALPN over TLS.
        if (tls != null) {
            config.tls(TlsConfig.builder()
                    .pem(tls.certificate(), tls.key())
                    .engine(tls.engine() == BenchTls.Engine.OPENSSL ? TlsConfig.Engine.OPENSSL : TlsConfig.Engine.JDK)
                    .protocols(BenchTls.PROTOCOLS.toArray(String[]::new)) // the defaults, stated: same as every server
                    .ciphers(BenchTls.CIPHERS.toArray(String[]::new))
                    .build());
        }
        return new LooplineBenchServer(HttpServer.start(config.build(), LooplineRoutes.router()));
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public String details() {
        return "transport=" + server.transport() + " eventLoops=" + server.eventLoops()
                + " cpuThreads=" + server.config().effectiveCpuThreads()
                + (server.config().tls() == null ? "" : " tls=" + server.config().tls().engine().name().toLowerCase(
                        java.util.Locale.ROOT));
    }

    @Override
    public void close() {
        server.close();
    }
}
