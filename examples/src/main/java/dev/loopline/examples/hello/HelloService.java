package dev.loopline.examples.hello;

import dev.loopline.examples.ExampleOptions;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** The smallest service: {@code GET /plaintext} and {@code GET /json}, both answered on the event loop. */
public final class HelloService {

    private static final Logger log = LoggerFactory.getLogger(HelloService.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Response HELLO = Response.text("Hello, World!"); // immutable: built once

    /** The body of {@code /json}. */
    public record Message(String message) {
    }

    private HelloService() {
    }

    public static HttpServer start(ExampleOptions options) {
        HttpServer server = HttpServer.start(ServerConfig.builder().host(options.host()).port(options.port()).build(),
                HelloService::handle);
        log.info("hello is up: try curl http://{}:{}/plaintext and /json", displayHost(options.host()), server.port());
        return server;
    }

    static CompletionStage<Response> handle(Request request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return Response.problem(405, request.method() + " is not allowed here").withHeader("Allow", "GET, HEAD")
                    .completed();
        }
        switch (request.path()) {
            case "/plaintext":
                return HELLO.completed();
            case "/json":
                // Serialized on each request, as the benchmark rules ask.
                return Response.json(JSON.writeValueAsBytes(new Message("Hello, World!"))).completed();
            default:
                return Response.problem(404, "no route for " + request.path() + "; try /plaintext or /json")
                        .completed();
        }
    }

    static String displayHost(String host) {
        return host.equals("0.0.0.0") ? "localhost" : host;
    }
}
