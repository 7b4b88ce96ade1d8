package dev.loopline.examples.hello;

import dev.loopline.examples.ExampleOptions;
import dev.loopline.examples.RunningExample;
import dev.loopline.routing.Json;
import dev.loopline.routing.Router;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import java.util.Set;

/**
 * The smallest service: {@code GET /plaintext} and {@code GET /json}, both answered on the event loop. No
 * filters, so that it is also the baseline of the plaintext benchmark (scripts/bench-plaintext.sh).
 */
public final class HelloService {

    private static final Response HELLO = Response.text("Hello, World!"); // immutable: built once

    /** The body of {@code /json}. */
    public record Message(String message) {
    }

    private HelloService() {
    }

    /** Options for benchmarking: {@code --event-loops N} (0: one per core) and {@code --reuse-port 1}. */
    public static RunningExample start(ExampleOptions options) {
        options.requireOnly("hello", Set.of("event-loops", "reuse-port"));
        ServerConfig config = ServerConfig.builder().host(options.host()).port(options.port())
                .eventLoops(options.intOption("event-loops", 0, 0, 1024))
                .reusePort(options.intOption("reuse-port", 0, 0, 1) == 1)
                .build();
        return RunningExample.start("hello", config, router());
    }

    public static Router router() {
        return Router.builder()
                .get("/plaintext", request -> HELLO.completed())
                // Serialized on each request, as the benchmark rules ask.
                .get("/json", request -> Json.response(new Message("Hello, World!")).completed())
                .build();
    }
}
