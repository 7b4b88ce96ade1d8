package dev.loopline.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.Filter;
import dev.loopline.server.Handler;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Socket-free tests of what the router answers: routes, 404, 405, HEAD, OPTIONS, trailing slashes, filters. */
class RouterResponsesTest {

    private static Handler says(String name) {
        return request -> Response.text(name + " " + new java.util.TreeMap<>(request.pathParams())).completed();
    }

    private static Response send(Router router, String method, String target) {
        return router.handle(Request.builder(method, target).build()).toCompletableFuture().join();
    }

    private static String header(Response response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private final Router router = Router.builder()
            .get("/users", says("list"))
            .post("/users", says("create"))
            .get("/users/{id}", says("show"))
            .delete("/users/{id}", says("delete"))
            .put("/users/{id}/avatar", says("avatar"))
            .build();

    @Test
    void theMatchedRouteGetsItsPathParameters() {
        Response response = send(router, "GET", "/users/42?fields=name");

        assertEquals(200, response.status());
        assertEquals("show {id=42}", response.body().asString());
    }

    @Test
    void noRouteIs404ProblemJsonNamingMethodAndPath() {
        Response response = send(router, "GET", "/nothing/here");

        assertEquals(404, response.status());
        assertEquals(Response.PROBLEM_JSON, header(response, "Content-Type"));
        assertTrue(response.body().asString().contains("\"detail\":\"no route for GET /nothing/here\""),
                response.body().asString());
    }

    @Test
    void aPathServedUnderOtherMethodsIs405WithAllow() {
        Response response = send(router, "PATCH", "/users/42");

        assertEquals(405, response.status());
        assertEquals("GET, HEAD, DELETE, OPTIONS", header(response, "Allow"));
        assertEquals(Response.PROBLEM_JSON, header(response, "Content-Type"));
        assertTrue(response.body().asString().contains(
                "\"detail\":\"method PATCH is not allowed for /users/42; allowed: GET, HEAD, DELETE, OPTIONS\""),
                response.body().asString());
    }

    @Test
    void allowListsTheMethodsOfEveryPatternThatMatchesThePath() {
        Router overlapping = Router.builder()
                .get("/files/readme", says("readme"))
                .put("/files/{name}", says("upload"))
                .route("PROPFIND", "/files/{*path}", says("dav"))
                .build();

        Response response = send(overlapping, "DELETE", "/files/readme");

        assertEquals(405, response.status());
        assertEquals("GET, HEAD, PUT, OPTIONS, PROPFIND", header(response, "Allow"));
    }

    @Test
    void anUnknownMethodOnAnExistingPathIs405() {
        Response response = send(router, "BREW", "/users");

        assertEquals(405, response.status());
        assertEquals("GET, HEAD, POST, OPTIONS", header(response, "Allow"));
    }

    @Test
    void headIsServedByTheGetRoute() {
        Response response = send(router, "HEAD", "/users/7");

        assertEquals(200, response.status());
        assertEquals("show {id=7}", response.body().asString()); // the server leaves the body out on the wire
    }

    @Test
    void headOnAPathWithoutGetIs405() {
        Response response = send(router, "HEAD", "/users/7/avatar");

        assertEquals(405, response.status());
        assertEquals("PUT, OPTIONS", header(response, "Allow"));
    }

    @Test
    void optionsIsAnswered204WithAllowUnlessARouteHandlesIt() {
        Response answered = send(router, "OPTIONS", "/users/7");
        assertEquals(204, answered.status());
        assertEquals("GET, HEAD, DELETE, OPTIONS", header(answered, "Allow"));
        assertTrue(answered.body().isEmpty());

        assertEquals(404, send(router, "OPTIONS", "/nothing").status());

        Router withOptions = Router.builder().get("/a", says("get")).options("/a", says("options")).build();
        assertEquals("options {}", send(withOptions, "OPTIONS", "/a").body().asString());
    }

    @Test
    void optionsAsteriskListsEveryMethodOfTheRouter() {
        Router dav = Router.builder().get("/a", says("a")).route("PROPFIND", "/b", says("b")).build();

        Response response = send(dav, "OPTIONS", "*");

        assertEquals(204, response.status());
        assertEquals("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, PROPFIND", header(response, "Allow"));
    }

    @Test
    void aParameterThatIsNotUtf8Is400AndDotSegmentsNeverReachTheRouter() {
        Response notUtf8 = send(router, "GET", "/users/%C3%28");
        assertEquals(400, notUtf8.status());
        assertTrue(notUtf8.body().asString().contains("path segment \\\"%C3%28\\\" is not valid UTF-8"),
                notUtf8.body().asString());

        // the server refuses a dot segment before any handler (RequestTargetTest); a test request cannot have one
        IllegalArgumentException dots = assertThrows(IllegalArgumentException.class,
                () -> Request.builder("GET", "/users/../admin"));
        assertTrue(dots.getMessage().contains("path segment \"..\" is not allowed"), dots.getMessage());
    }

    @Test
    void trailingSlashRedirectIsTheDefaultAndKeepsTheQuery() {
        Response response = send(router, "GET", "/users/42/?fields=name");

        assertEquals(308, response.status());
        assertEquals("/users/42?fields=name", header(response, "Location"));
        assertEquals("/users/", header(send(Router.builder().get("/users/", says("x")).build(), "POST", "/users"),
                "Location"));
        assertEquals(404, send(router, "GET", "//users/42/").status());
    }

    @Test
    void trailingSlashStrictAnswers404() {
        Router strict = Router.builder().trailingSlash(TrailingSlash.STRICT).get("/users", says("list")).build();

        assertEquals(404, send(strict, "GET", "/users/").status());
        assertEquals(200, send(strict, "GET", "/users").status());
    }

    @Test
    void trailingSlashIgnoreServesTheOtherForm() {
        Router lenient = Router.builder().trailingSlash(TrailingSlash.IGNORE)
                .get("/users/{id}", says("show"))
                .get("/docs/", says("docs"))
                .build();

        assertEquals("show {id=42}", send(lenient, "GET", "/users/42/").body().asString());
        assertEquals("docs {}", send(lenient, "GET", "/docs").body().asString());
        Response wrongMethod = send(lenient, "POST", "/users/42/");
        assertEquals(405, wrongMethod.status());
        assertEquals("GET, HEAD, OPTIONS", header(wrongMethod, "Allow"));
    }

    @Test
    void routerFiltersSeeEveryRequestAndGroupFiltersOnlyTheirRoutesOutermostFirst() {
        List<String> trace = new ArrayList<>();
        Router traced = Router.builder()
                .filter(tracing(trace, "router-1"))
                .get("/open", says("open"))
                .group("/api", api -> api
                        .get("/items", says("items"))
                        .filter(tracing(trace, "api-1"))
                        .filter(tracing(trace, "api-2"))
                        .group("/admin", admin -> admin
                                .filter(tracing(trace, "admin"))
                                .get("/stats", says("stats"))))
                .filter(tracing(trace, "router-2"))
                .build();

        send(traced, "GET", "/api/admin/stats");
        assertEquals(List.of("router-1", "router-2", "api-1", "api-2", "admin"), trace);

        trace.clear();
        send(traced, "GET", "/api/items");
        assertEquals(List.of("router-1", "router-2", "api-1", "api-2"), trace);

        trace.clear();
        assertEquals(404, send(traced, "GET", "/api/missing").status());
        assertEquals(List.of("router-1", "router-2"), trace);

        trace.clear();
        assertEquals(405, send(traced, "POST", "/open").status());
        assertEquals(List.of("router-1", "router-2"), trace);
    }

    private static Filter tracing(List<String> trace, String name) {
        return (request, next) -> {
            trace.add(name);
            return next.handle(request);
        };
    }

    @Test
    void routesPrintsTheTable() {
        assertEquals(List.of("GET /users", "POST /users", "GET /users/{id}", "DELETE /users/{id}",
                "PUT /users/{id}/avatar"), router.routes().stream().map(Route::toString).toList());
        assertTrue(router.toString().contains("DELETE  /users/{id}"), router.toString());
    }
}
