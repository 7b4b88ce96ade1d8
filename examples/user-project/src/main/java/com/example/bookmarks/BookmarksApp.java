package com.example.bookmarks;

import dev.loopline.routing.Metrics;
import dev.loopline.server.HttpServer;
import dev.loopline.server.ServerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.Dsl;

/** Runs the service on port 8080 until the process is stopped. */
public final class BookmarksApp {

    private BookmarksApp() {
    }

    /** Starts the server; Ctrl-C or SIGTERM closes it gracefully. */
    public static void main(String[] args) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AsyncHttpClient client = Dsl.asyncHttpClient();
        HttpServer server = HttpServer.start(ServerConfig.builder().port(8080).build(),
                BookmarkService.router(client, registry));
        Metrics.bind(registry, server);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close(); // drains the requests in flight first
                client.close();
            } catch (Exception e) {
                throw new IllegalStateException("shutdown failed", e);
            }
        }, "bookmarks-shutdown"));
        System.out.println("bookmarks on http://localhost:" + server.port());
    }
}
