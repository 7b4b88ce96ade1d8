package dev.loopline.server;

import dev.loopline.server.internal.NettyHttpServer;
import java.net.InetSocketAddress;

/**
 * A running server. {@link #start} binds and returns once it listens; {@link #close()} shuts it down
 * gracefully and returns once everything has stopped.
 *
 * <pre>{@code
 * try (HttpServer server = HttpServer.start(ServerConfig.builder().port(8080).build(),
 *         request -> Response.text("Hello, World!").completed())) {
 *     ...
 * }
 * }</pre>
 */
public interface HttpServer extends AutoCloseable {

    /**
     * Starts a server that answers every request with {@code handler}.
     *
     * @throws java.io.UncheckedIOException when the address cannot be bound
     * @throws IllegalStateException when an explicitly requested native transport is unavailable
     */
    static HttpServer start(ServerConfig config, Handler handler) {
        return NettyHttpServer.start(config, handler);
    }

    /** The port the server listens on (the chosen one when the config said 0). */
    int port();

    /** The bound address. */
    InetSocketAddress address();

    /** The transport in use, never {@link Transport#AUTO}. */
    Transport transport();

    /** Number of event-loop threads. */
    int eventLoops();

    /** The configuration the server was started with. */
    ServerConfig config();

    /** A snapshot of loop lag, offload pools and traffic. */
    ServerStats stats();

    /**
     * Event-loop time per route and method since the server started (see {@link Exchange#loopNanos()}), the most
     * loop time first. Take two readings and subtract ({@link RouteLoopTime#since}) for the calls between them;
     * {@link LoopReport} shows the last minute.
     */
    default java.util.List<RouteLoopTime> routeLoopTimes() {
        return java.util.List.of(); // a server that does not measure it (a test double)
    }

    /**
     * Stops accepting connections, lets requests in flight finish for up to
     * {@link ServerConfig#shutdownGracePeriod()} (their responses carry {@code Connection: close}), then
     * closes every connection, the offload pools and the event loops. Returns when all of that is done.
     * Calling it again does nothing.
     */
    @Override
    void close();
}
