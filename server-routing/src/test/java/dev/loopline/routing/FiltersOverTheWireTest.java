package dev.loopline.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.loopline.server.HttpServer;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Response;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.LogCapture;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Access log, request id and CORS, on a real server, for routed requests, errors, 404s and preflights. */
class FiltersOverTheWireTest {

    private static final String ORIGIN = "https://app.example.com";
    private static HttpServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(Router.builder()
                .filter(AccessLog.filter())
                .filter(RequestId.filter())
                .filter(Cors.builder()
                        .allowOrigins(ORIGIN)
                        .allowHeaders("Content-Type", "Authorization")
                        .exposeHeaders("X-Request-Id")
                        .allowCredentials(true)
                        .maxAge(java.time.Duration.ofMinutes(5))
                        .build())
                .get("/hello", request -> Response.text("hello").completed())
                .get("/users/{id}", request -> Response.text("seen as " + request.header("X-Request-Id")
                        .orElse("no id") + ", attribute " + RequestId.get(request).orElse("none")).completed())
                .get("/teapot", request -> {
                    throw new HttpStatusException(418, "short and stout");
                })
                .get("/broken", request -> CompletableFuture.failedFuture(new IllegalStateException("bug")))
                .put("/items/{id}", request -> Response.empty(204).completed())
                .build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> accessLines(LogCapture log) throws InterruptedException {
        for (int attempt = 0; attempt < 100 && log.events(Level.INFO).isEmpty(); attempt++) {
            Thread.sleep(10); // the line is written as the response completes, maybe after the client read it
        }
        return log.events(Level.INFO).stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void accessLogWritesOneLinePerRequestWithStatusBytesAndRequestId() throws Exception {
        try (LogCapture log = LogCapture.of(AccessLog.LOGGER_NAME)) {
            RawResponse response = Wire.send(server.port(), "GET", "/hello?token=secret", "X-Request-Id: req-1");

            assertEquals(200, response.status());
            List<String> lines = accessLines(log);
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).matches("method=GET path=/hello route=/hello status=200 bytes=5"
                    + " durationMicros=\\d+ requestId=req-1"), lines.get(0));
        }
    }

    @Test
    void theQueryIsLoggedOnlyWhenAskedFor() throws Exception {
        Router router = Router.builder().filter(AccessLog.filterWithQuery())
                .get("/hello", request -> Response.text("hello").completed()).build();
        try (HttpServer withQuery = TestServers.start(router);
             LogCapture log = LogCapture.of(AccessLog.LOGGER_NAME)) {
            assertEquals(200, Wire.send(withQuery.port(), "GET", "/hello?page=2&sort=name").status());
            assertEquals(200, Wire.send(withQuery.port(), "GET", "/hello").status());
            Await.until("two access lines", () -> log.events(Level.INFO).size() == 2);
            List<String> lines = log.events(Level.INFO).stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertTrue(lines.get(0).startsWith("method=GET path=/hello query=\"page=2&sort=name\" route=/hello"
                    + " status=200"), lines.get(0));
            assertTrue(lines.get(1).startsWith("method=GET path=/hello query=- route=/hello status=200"),
                    lines.get(1));
        }
    }

    @Test
    void accessLogNamesTheRouteTemplateNotTheRawPath() throws Exception {
        try (LogCapture log = LogCapture.of(AccessLog.LOGGER_NAME)) {
            assertEquals(200, Wire.send(server.port(), "GET", "/users/42").status());
            assertTrue(accessLines(log).get(0).startsWith("method=GET path=/users/42 route=/users/{id} status=200"),
                    accessLines(log).toString());
        }
    }

    @Test
    void handlersSeeTheRequestIdTheFilterChose() throws Exception {
        RawResponse kept = Wire.send(server.port(), "GET", "/users/1", "X-Request-Id: mine");
        assertEquals("seen as mine, attribute mine", kept.bodyText());
        RawResponse generated = Wire.send(server.port(), "GET", "/users/1");
        String id = generated.header("X-Request-Id");
        assertEquals("seen as " + id + ", attribute " + id, generated.bodyText());
    }

    @Test
    void accessLogSeesNotFoundAndFailedRequests() throws Exception {
        try (LogCapture log = LogCapture.of(AccessLog.LOGGER_NAME)) {
            assertEquals(404, Wire.send(server.port(), "GET", "/missing").status());
            List<String> lines = accessLines(log);
            assertTrue(lines.get(0).startsWith("method=GET path=/missing route=- status=404 bytes="), lines.toString());
        }
        try (LogCapture log = LogCapture.of(AccessLog.LOGGER_NAME)) {
            assertEquals(418, Wire.send(server.port(), "GET", "/teapot").status());
            assertTrue(accessLines(log).get(0).startsWith("method=GET path=/teapot route=/teapot status=418"));
        }
    }

    @Test
    void requestIdIsKeptWhenSaneAndGeneratedOtherwise() throws Exception {
        assertEquals("abc-123", Wire.send(server.port(), "GET", "/hello", "X-Request-Id: abc-123")
                .header("X-Request-Id"));

        String generated = Wire.send(server.port(), "GET", "/hello").header("X-Request-Id");
        assertTrue(generated.matches("[0-9a-f]{32}"), generated);

        String replaced = Wire.send(server.port(), "GET", "/hello", "X-Request-Id: " + "x".repeat(200))
                .header("X-Request-Id");
        assertTrue(replaced.matches("[0-9a-f]{32}"), replaced);
    }

    @Test
    void errorResponsesKeepTheRequestId() throws Exception {
        RawResponse notFound = Wire.send(server.port(), "GET", "/missing", "X-Request-Id: r404");
        assertEquals("r404", notFound.header("X-Request-Id"));

        RawResponse teapot = Wire.send(server.port(), "GET", "/teapot", "X-Request-Id: r418");
        assertEquals(418, teapot.status());
        assertEquals("r418", teapot.header("X-Request-Id"));
        assertEquals("application/problem+json", teapot.header("Content-Type"));
        assertTrue(teapot.bodyText().contains("short and stout"), teapot.bodyText());

        try (LogCapture errors = LogCapture.of("dev.loopline.handler")) {
            RawResponse broken = Wire.send(server.port(), "GET", "/broken", "X-Request-Id: r500");
            assertEquals(500, broken.status());
            assertEquals("r500", broken.header("X-Request-Id"));
            assertTrue(!broken.bodyText().contains("bug"), "no internals in the body: " + broken.bodyText());
            ILoggingEvent logged = errors.events(Level.ERROR).get(0);
            assertTrue(logged.getFormattedMessage().contains("X-Request-Id r500"), logged.getFormattedMessage());
            assertEquals("bug", logged.getThrowableProxy().getMessage());
        }
    }

    @Test
    void corsPreflightFromAnAllowedOriginIsAnswered204() throws Exception {
        RawResponse response = Wire.send(server.port(), "OPTIONS", "/items/1", "Origin: " + ORIGIN,
                "Access-Control-Request-Method: PUT", "Access-Control-Request-Headers: content-type, authorization");

        assertEquals(204, response.status());
        assertEquals(ORIGIN, response.header("Access-Control-Allow-Origin"));
        assertEquals("GET, HEAD, POST, PUT, PATCH, DELETE", response.header("Access-Control-Allow-Methods"));
        assertEquals("content-type, authorization", response.header("Access-Control-Allow-Headers"));
        assertEquals("true", response.header("Access-Control-Allow-Credentials"));
        assertEquals("300", response.header("Access-Control-Max-Age"));
        assertTrue(response.header("Vary").contains("Origin"), response.header("Vary"));
    }

    @Test
    void corsPreflightThatIsNotAllowedIs403NamingWhy() throws Exception {
        RawResponse origin = Wire.send(server.port(), "OPTIONS", "/items/1", "Origin: https://evil.example",
                "Access-Control-Request-Method: PUT");
        assertEquals(403, origin.status());
        assertEquals("application/problem+json", origin.header("Content-Type"));
        assertTrue(origin.bodyText().contains("CORS preflight refused: origin \\\"https://evil.example\\\" is not"
                + " allowed"), origin.bodyText());
        assertNull(origin.header("Access-Control-Allow-Origin"));

        RawResponse header = Wire.send(server.port(), "OPTIONS", "/items/1", "Origin: " + ORIGIN,
                "Access-Control-Request-Method: PUT", "Access-Control-Request-Headers: X-Secret");
        assertEquals(403, header.status());
        assertTrue(header.bodyText().contains("request header X-Secret is not allowed; allowed: content-type,"
                + " authorization"), header.bodyText());

        RawResponse method = Wire.send(server.port(), "OPTIONS", "/items/1", "Origin: " + ORIGIN,
                "Access-Control-Request-Method: TRACE");
        assertEquals(403, method.status());
        assertTrue(method.bodyText().contains("method TRACE is not allowed"), method.bodyText());
    }

    @Test
    void corsHeadersAreOnResponsesToAllowedOriginsErrorsIncluded() throws Exception {
        RawResponse ok = Wire.send(server.port(), "GET", "/hello", "Origin: " + ORIGIN);
        assertEquals(ORIGIN, ok.header("Access-Control-Allow-Origin"));
        assertEquals("true", ok.header("Access-Control-Allow-Credentials"));
        assertEquals("X-Request-Id", ok.header("Access-Control-Expose-Headers"));
        assertEquals("Origin", ok.header("Vary"));

        RawResponse teapot = Wire.send(server.port(), "GET", "/teapot", "Origin: " + ORIGIN);
        assertEquals(418, teapot.status());
        assertEquals(ORIGIN, teapot.header("Access-Control-Allow-Origin"));

        RawResponse other = Wire.send(server.port(), "GET", "/hello", "Origin: https://other.example");
        assertEquals(200, other.status());
        assertNull(other.header("Access-Control-Allow-Origin"));
        assertEquals("Origin", other.header("Vary"));
    }

    @Test
    void plainOptionsWithoutCorsFieldsStillGetsAllow() throws Exception {
        RawResponse response = Wire.send(server.port(), "OPTIONS", "/items/1");

        assertEquals(204, response.status());
        assertEquals("PUT, OPTIONS", response.header("Allow"));
    }

    @Test
    void corsSettingsAreValidatedWhenBuilt() {
        assertEquals("Cors.allowCredentials(true) cannot be combined with allowAnyOrigin(): browsers refuse"
                + " credentials with '*'; list the origins instead", org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> Cors.builder().allowAnyOrigin().allowCredentials(true).build())
                .getMessage());
        assertEquals("Cors.allowOrigins: \"https://app.example.com/\" is not an origin like https://app.example.com"
                + " (scheme://host[:port], no path)", org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> Cors.builder().allowOrigins("https://app.example.com/").build())
                .getMessage());
    }
}
