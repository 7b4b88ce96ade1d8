package dev.loopline.examples.hello;

import dev.loopline.examples.ExampleOptions;
import dev.loopline.examples.RunningExample;
import dev.loopline.routing.Json;
import dev.loopline.routing.Router;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.TlsConfig;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * Options for benchmarking: {@code --event-loops N} (0: one per core) and {@code --reuse-port 1}; and
     * {@code --tls CERT.pem KEY.pem} to serve HTTPS (h2 or HTTP/1.1 by ALPN) from a PEM certificate chain and an
     * unencrypted PKCS#8 key (scripts/dev-cert.sh makes a pair for localhost).
     */
    public static RunningExample start(ExampleOptions options) {
        options.requireOnly("hello", Set.of("event-loops", "reuse-port", "tls"));
        ServerConfig.Builder config = ServerConfig.builder().host(options.host()).port(options.port())
                .eventLoops(options.intOption("event-loops", 0, 0, 1024))
                .reusePort(options.intOption("reuse-port", 0, 0, 1) == 1);
        List<String> tls = options.options("tls");
        if (!tls.isEmpty()) {
            if (tls.size() != 2) {
                throw new IllegalArgumentException("--tls takes a certificate chain and a key: --tls CERT.pem KEY.pem");
            }
            config.tls(TlsConfig.builder().pem(Path.of(tls.get(0)), Path.of(tls.get(1))).build());
        }
        return RunningExample.start("hello", config.build(), router());
    }

    public static Router router() {
        return Router.builder()
                .get("/plaintext", request -> HELLO.completed())
                // Serialized on each request, as the benchmark rules ask.
                .get("/json", request -> Json.response(new Message("Hello, World!")).completed())
                .build();
    }
}
