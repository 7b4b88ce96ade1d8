package dev.loopline.examples;

import dev.loopline.routing.Router;
import dev.loopline.server.HttpServer;
import dev.loopline.server.ServerConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started example: its server and what the server uses (a connection pool, an HTTP client, upstream servers).
 * {@link #close()} stops the server first, gracefully, and only then the resources, so that requests in flight
 * can still use them.
 */
public final class RunningExample implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunningExample.class);

    private final String name;
    private final HttpServer server;
    private final List<AutoCloseable> resources; // closed in reverse order, after the server

    private RunningExample(String name, HttpServer server, List<AutoCloseable> resources) {
        this.name = name;
        this.server = server;
        this.resources = resources;
    }

    /**
     * Starts {@code router} and logs the URL and the route table. If the server cannot start, the resources are
     * closed before the failure is thrown.
     *
     * @param resources closed after the server, last one first
     */
    public static RunningExample start(String name, ServerConfig config, Router router, AutoCloseable... resources) {
        HttpServer server;
        try {
            server = HttpServer.start(config, router);
        } catch (RuntimeException startFailure) {
            closeAll(List.of(resources), startFailure);
            throw startFailure;
        }
        RunningExample example = new RunningExample(name, server, List.of(resources));
        // No JVM uptime here: the management beans that know it take 15 ms to load, next to the first request.
        // loadtest's startup command measures the time to the first response from outside.
        log.info("{} is up at {} ({}, {} event loops); routes:{}{}", name, example.displayUri(), server.transport(),
                server.eventLoops(), System.lineSeparator(), router.toString().stripTrailing());
        return example;
    }

    public String name() {
        return name;
    }

    public HttpServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    /** {@code http://HOST:PORT} (https with TLS) as a client would type it ({@code localhost} for a wildcard bind). */
    public URI displayUri() {
        String host = server.config().host();
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::");
        String scheme = server.config().tls() == null ? "http" : "https";
        return URI.create(scheme + "://" + (wildcard ? "localhost" : host) + ":" + server.port());
    }

    @Override
    public void close() {
        ServerConfig config = server.config();
        log.info("{} is shutting down: readiness 503 for {} ms, then up to {} ms for requests in flight", name,
                config.drainDelay().toMillis(), config.shutdownGracePeriod().toMillis());
        RuntimeException failure = null;
        try {
            server.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        failure = closeAll(resources, failure);
        if (failure != null) {
            throw failure;
        }
        log.info("{} has stopped", name);
    }

    /** Closes every resource, last one first, even when one fails; returns the first failure, others suppressed. */
    private static RuntimeException closeAll(List<AutoCloseable> resources, RuntimeException earlier) {
        RuntimeException failure = earlier;
        List<AutoCloseable> reversed = new ArrayList<>(resources);
        Collections.reverse(reversed);
        for (AutoCloseable resource : reversed) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing " + resource + " failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        return failure;
    }
}
