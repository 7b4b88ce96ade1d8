package dev.loopline.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.loopline.server.Filter;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.LogCapture;
import dev.loopline.testsupport.protocols.Protocol;
import dev.loopline.testsupport.protocols.Served;
import dev.loopline.testsupport.protocols.WireRequest;
import dev.loopline.testsupport.protocols.WireResponse;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One API, three protocols, through the router: path parameters, filters, 404 and 405 with Allow, and the metrics
 * and access-log observers see HTTP/1.1, h2c and h2 requests alike.
 */
class RoutingOverProtocolsTest {

    /** Adds a header to every response, and tells the handler it ran, as any filter may. */
    private static final Filter STAMP = (request, next) -> next.handle(request.withHeader("X-Filtered", "yes"))
            .thenApply(response -> response.withHeader("X-Stamp", request.protocol()));

    private static Router router() {
        return Router.builder()
                .filter(STAMP)
                .get("/users/{id}/posts/{post}", request -> Response.text("user " + Params.pathLong(request, "id")
                        + " post " + request.pathParam("post") + " filtered=" + request.header("X-Filtered")
                        .orElse("no")).completed())
                .post("/users", request -> Json.response(201, new Created(request.body().asString().length()))
                        .completed())
                .get("/files/{*path}", request -> Response.text("file " + request.pathParam("path")).completed())
                .build();
    }

    /** The JSON body of a created user. */
    public record Created(int nameLength) {
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void pathParametersAndFiltersAreTheSame(Protocol protocol) throws Exception {
        try (Served served = Served.start(protocol, router())) {
            WireResponse response = served.send(WireRequest.get("/users/42/posts/hello%20world"));
            assertEquals(200, response.status(), response.toString());
            assertEquals("user 42 post hello world filtered=yes", response.bodyText());
            assertEquals(protocol.requestProtocol(), response.header("X-Stamp").orElseThrow(), "the filter ran");

            WireResponse created = served.send(WireRequest.post("/users", "{\"name\":\"ada\"}")
                    .header("Content-Type", "application/json"));
            assertEquals(201, created.status(), created.toString());
            assertEquals("{\"nameLength\":14}", created.bodyText());

            assertEquals("file a/b/c.txt", served.send(WireRequest.get("/files/a/b/c.txt")).bodyText());
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void noRouteIs404AndAWrongMethodIs405WithAllow(Protocol protocol) throws Exception {
        try (Served served = Served.start(protocol, router())) {
            WireResponse notFound = served.send(WireRequest.get("/nope"));
            assertEquals(404, notFound.status());
            assertEquals("application/problem+json", notFound.header("Content-Type").orElseThrow());

            WireResponse wrongMethod = served.send(WireRequest.of("DELETE", "/users"));
            assertEquals(405, wrongMethod.status());
            assertEquals("application/problem+json", wrongMethod.header("Content-Type").orElseThrow());
            assertTrue(wrongMethod.header("Allow").orElseThrow().contains("POST"), wrongMethod.toString());
            assertEquals(200, served.send(WireRequest.get("/users/1/posts/2")).status(), "the connection goes on");
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void metricsAndTheAccessLogObserveEveryProtocol(Protocol protocol) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ServerConfig.Builder config = ServerConfig.builder().observer(AccessLog.observer())
                .observer(Metrics.observer(registry));
        try (LogCapture log = LogCapture.of(AccessLog.LOGGER_NAME);
             Served served = Served.start(protocol, config, router())) {
            WireResponse response = served.send(WireRequest.get("/users/7/posts/9?token=secret"));
            assertEquals(200, response.status());
            served.send(WireRequest.post("/users", "{\"name\":\"bob\"}"));
            Await.until("two access lines", () -> lines(log).size() == 2, () -> lines(log));
            Await.until("two exchanges timed", () -> registry.find(Metrics.REQUESTS).timers().stream()
                    .mapToLong(Timer::count).sum() == 2, registry::getMetersAsString);

            List<String> lines = lines(log);
            String get = lines.stream().filter(line -> line.startsWith("method=GET")).findFirst().orElseThrow();
            assertTrue(get.startsWith("method=GET path=/users/7/posts/9 route=/users/{id}/posts/{post} status=200 "
                    + "bytesIn=0 bytes=" + response.body().length + " "), get);
            assertTrue(get.endsWith(" outcome=COMPLETED requestId=-") && !get.contains("secret"), get);
            String post = lines.stream().filter(line -> line.startsWith("method=POST")).findFirst().orElseThrow();
            assertTrue(post.startsWith("method=POST path=/users route=/users status=201 bytesIn=14 bytes=17 "), post);

            Timer requests = registry.find(Metrics.REQUESTS).tag("route", "/users/{id}/posts/{post}")
                    .tag("method", "GET").tag("status", "200").tag("outcome", "SUCCESS").timer();
            assertNotNull(requests, registry.getMetersAsString());
            assertEquals(1, requests.count());
            assertNotNull(registry.find(Metrics.LOOP_TIME).tag("route", "/users").tag("method", "POST").timer(),
                    registry.getMetersAsString());
        }
    }

    private static List<String> lines(LogCapture log) {
        return log.events(Level.INFO).stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
    }
}
