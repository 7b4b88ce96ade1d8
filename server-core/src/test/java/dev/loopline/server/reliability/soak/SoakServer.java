package dev.loopline.server.reliability.soak;

import dev.loopline.server.Body;
import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Offload;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.ServerStats;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server of the soak run (scripts/soak.sh): a route for each kind of work, and {@code /stats}, one CSV line of
 * the counters the script samples. Lives in test sources: it is a test tool, not part of the library.
 *
 * <p>Usage: {@code SoakServer <file to write the port to>}; runs until it is sent SIGTERM.
 */
public final class SoakServer {

    /** The columns of {@code /stats}, in order. */
    public static final String STATS_COLUMNS = "in_flight,open_connections,requests_total,connections_refused,"
            + "handler_timeouts,cpu_rejected,blocking_rejected,lag_p99_us,max_lag_us,heap_used_mib";

    private SoakServer() {
    }

    public static void main(String[] args) throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        byte[] big = new byte[256 * 1024];
        Handler cpu = Offload.cpu(request -> Response.text(sha256(request.body().bytes())).completed());
        Handler blocking = Offload.blocking(request -> {
            try {
                Thread.sleep(5); // stands in for a JDBC call
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Response.text("blocked 5 ms").completed();
        });
        HttpServer[] server = new HttpServer[1];
        Handler handler = request -> {
            switch (request.path()) {
                case "/plain": return Response.text("Hello, World!").completed();
                case "/echo": return Response.of(200, "application/octet-stream", request.body()).completed();
                case "/big": return Response.of(200, "application/octet-stream", Body.of(big)).completed();
                case "/cpu": return cpu.handle(request);
                case "/blocking": return blocking.handle(request);
                case "/late": {
                    CompletableFuture<Response> later = new CompletableFuture<>();
                    timer.schedule(() -> later.complete(Response.text("late")), 20, TimeUnit.MILLISECONDS);
                    return later;
                }
                case "/stats": return Response.text(statsLine(server[0].stats())).completed();
                default: return Response.problem(404, "no such path").completed();
            }
        };
        server[0] = HttpServer.start(ServerConfig.builder().host("127.0.0.1").port(0)
                .headerTimeout(Duration.ofSeconds(2)).bodyTimeout(Duration.ofSeconds(2))
                .idleTimeout(Duration.ofSeconds(5)).maxConnections(2_000).build(), handler);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server[0].close();
            timer.shutdownNow();
        }, "soak-shutdown"));
        Files.writeString(Path.of(args[0]), Integer.toString(server[0].port()));
        Thread.currentThread().join(); // until SIGTERM
    }

    static String statsLine(ServerStats stats) {
        long lagP99 = stats.loops().stream().mapToLong(loop -> loop.lagP99().toNanos() / 1_000).max().orElse(0);
        long heapMiB = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
        // Less the /stats request itself, which is in flight on an open connection while it is answered.
        return (stats.requestsInFlight() - 1) + "," + (stats.openConnections() - 1) + "," + stats.requestsTotal() + ","
                + stats.connectionsRefused() + "," + stats.handlerTimeouts() + "," + stats.cpuPool().rejected() + ","
                + stats.blockingPool().rejected() + "," + lagP99 + "," + stats.maxLag().toNanos() / 1_000 + ","
                + heapMiB;
    }

    private static String sha256(byte[] bytes) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(bytes.length == 0
                    ? "soak".repeat(4096).getBytes(StandardCharsets.US_ASCII) : bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }
}
