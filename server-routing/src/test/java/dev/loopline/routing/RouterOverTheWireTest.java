package dev.loopline.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.HttpServer;
import dev.loopline.server.Offload;
import dev.loopline.server.Response;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The router behind a real server: statuses, Allow, HEAD without a body, decoding, offloaded routes. */
class RouterOverTheWireTest {

    private static HttpServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(Router.builder()
                .get("/users/{id}", request -> Response.text("user " + request.pathParam("id")).completed())
                .delete("/users/{id}", request -> Response.empty(204).completed())
                .get("/files/{*path}", request -> Response.text("file " + request.pathParam("path")).completed())
                .get("/hash/{text}", Offload.cpu(request -> Response.text(Thread.currentThread().getName() + " "
                        + Integer.toHexString(request.pathParam("text").hashCode())).completed()))
                .build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void routesWithDecodedParameters() throws Exception {
        RawResponse response = Wire.send(server.port(), "GET", "/users/caf%C3%A9%2F1?x=1");

        assertEquals(200, response.status());
        assertEquals("user café/1", response.bodyText());
        assertEquals("file a b/c.txt", Wire.send(server.port(), "GET", "/files/a%20b/c.txt").bodyText());
    }

    @Test
    void unknownPathIs404ProblemJson() throws Exception {
        RawResponse response = Wire.send(server.port(), "GET", "/nope");

        assertEquals(404, response.status());
        assertEquals("application/problem+json", response.header("Content-Type"));
        assertTrue(response.bodyText().contains("\"detail\":\"no route for GET /nope\""), response.bodyText());
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        RawResponse response = Wire.sendBody(server.port(), "PUT", "/users/1", "{}", "Content-Type: application/json");

        assertEquals(405, response.status());
        assertEquals("GET, HEAD, DELETE, OPTIONS", response.header("Allow"));
        assertEquals("application/problem+json", response.header("Content-Type"));
    }

    @Test
    void headIsServedByGetWithoutABody() throws Exception {
        RawResponse response = Wire.send(server.port(), "HEAD", "/users/7");

        assertEquals(200, response.status());
        assertEquals("6", response.header("Content-Length"));
        assertEquals(0, response.body().length);
    }

    @Test
    void optionsIs204WithAllow() throws Exception {
        RawResponse response = Wire.send(server.port(), "OPTIONS", "/users/7");

        assertEquals(204, response.status());
        assertEquals("GET, HEAD, DELETE, OPTIONS", response.header("Allow"));
    }

    @Test
    void invalidUtf8InThePathIs400() throws Exception {
        RawResponse response = Wire.send(server.port(), "GET", "/users/%FF");

        assertEquals(400, response.status());
        assertEquals("application/problem+json", response.header("Content-Type"));
        assertTrue(response.bodyText().contains("path segment \\\"%FF\\\" is not valid UTF-8"), response.bodyText());
    }

    @Test
    void trailingSlashRedirects() throws Exception {
        RawResponse response = Wire.send(server.port(), "GET", "/users/7/?a=b");

        assertEquals(308, response.status());
        assertEquals("/users/7?a=b", response.header("Location"));
    }

    @Test
    void anOffloadedRouteRunsOnTheCpuPoolWithItsParameters() throws Exception {
        RawResponse response = Wire.send(server.port(), "GET", "/hash/abc");

        assertEquals(200, response.status());
        assertEquals(Integer.toHexString("abc".hashCode()), response.bodyText().split(" ")[1]);
        assertTrue(response.bodyText().startsWith("loopline-cpu-"), response.bodyText());
    }
}
