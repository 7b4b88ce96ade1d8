package dev.loopline.example.modular;

import dev.loopline.routing.Json;
import dev.loopline.routing.Params;
import dev.loopline.routing.Router;
import dev.loopline.server.HttpServer;
import dev.loopline.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a server on a free port, sends it a GET and a JSON POST with the JDK's client, checks the answers and
 * that it really runs as named modules with Loopline's internals sealed, then exits: 0 if all is right, 1 if not.
 */
public final class ModularApp {

    /** A JSON body, bound by Jackson through the {@code opens} in module-info. */
    public record Greeting(String greeting) {
    }

    private ModularApp() {
    }

    /** Runs the check; the exit status is the verdict. */
    public static void main(String[] args) throws Exception {
        Json.mapper(); // loads Jackson (over 100 ms) here, not on an event loop during the first request
        Router router = Router.builder()
                .get("/hello/{name}", request ->
                        Json.response(new Greeting("Hello, " + Params.path(request, "name"))).completed())
                .post("/echo", request -> Json.response(Json.read(request, Greeting.class)).completed())
                .build();
        List<String> problems = new ArrayList<>();
        try (HttpServer server = HttpServer.start(ServerConfig.builder().host("127.0.0.1").port(0).build(), router)) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

            HttpResponse<String> hello = client.send(HttpRequest.newBuilder(base.resolve("/hello/modules"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            expect(problems, "GET /hello/modules", 200, "{\"greeting\":\"Hello, modules\"}", hello);

            HttpResponse<String> echo = client.send(HttpRequest.newBuilder(base.resolve("/echo"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"greeting\":\"hi\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            expect(problems, "POST /echo", 200, "{\"greeting\":\"hi\"}", echo);
            System.out.println("module-path example: served on " + server.transport() + ", " + base);
        }
        Module core = HttpServer.class.getModule();
        if (!ModularApp.class.getModule().isNamed() || !"dev.loopline.server".equals(core.getName())
                || !"dev.loopline.routing".equals(Router.class.getModule().getName())) {
            problems.add("not on the module path: " + ModularApp.class.getModule() + ", " + core);
        }
        if (core.isExported("dev.loopline.server.internal") || !core.isExported("dev.loopline.server")) {
            problems.add("dev.loopline.server exports " + core.getDescriptor().exports());
        }
        if (problems.isEmpty()) {
            System.out.println("module-path example: OK, as named modules " + ModularApp.class.getModule().getName()
                    + ", " + Router.class.getModule().getName() + ", " + core.getName());
            System.exit(0);
        }
        problems.forEach(problem -> System.err.println("module-path example: FAILED: " + problem));
        System.exit(1);
    }

    private static void expect(List<String> problems, String what, int status, String body,
            HttpResponse<String> response) {
        if (response.statusCode() != status || !body.equals(response.body())) {
            problems.add(what + " answered " + response.statusCode() + " " + response.body() + ", expected "
                    + status + " " + body);
        }
    }
}
