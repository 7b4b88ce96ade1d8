package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.TestServers;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Typed request attributes: how a filter hands something to the handlers it wraps, without headers. */
class RequestAttributesTest {

    private static final Request.Key<String> PRINCIPAL = Request.Key.of("principal");
    private static final Request.Key<Integer> TENANT = Request.Key.of("tenant");

    @Test
    void withReturnsANewRequestAndLeavesTheOriginalAlone() {
        Request original = Request.builder("GET", "/a").build();
        Request withPrincipal = original.with(PRINCIPAL, "ada");
        Request withBoth = withPrincipal.with(TENANT, 7).with(PRINCIPAL, "grace");
        assertEquals(Optional.empty(), original.attribute(PRINCIPAL));
        assertEquals(Optional.of("ada"), withPrincipal.attribute(PRINCIPAL));
        assertEquals(Optional.of("grace"), withBoth.attribute(PRINCIPAL));
        assertEquals(Optional.of(7), withBoth.attribute(TENANT));
        assertEquals(Optional.of(7), withBoth.withHeader("X-A", "1").attribute(TENANT), "kept by derived requests");
        assertEquals(Optional.empty(), withBoth.attribute(Request.Key.<String>of("principal")), "keys are identities");
        assertThrows(NullPointerException.class, () -> original.with(PRINCIPAL, null));
        assertEquals("Key[principal]", PRINCIPAL.toString());
    }

    @Test
    void aFilterHandsAPrincipalToTheHandlerOverTheWire() throws Exception {
        Filter auth = (request, next) -> {
            String token = request.header("Authorization").orElse("");
            if (!token.equals("Bearer ada-token")) {
                throw new HttpStatusException(401, "a valid bearer token is required");
            }
            return next.handle(request.with(PRINCIPAL, "ada"));
        };
        Handler handler = request -> Response.json(200, ("{\"user\":\"" + request.attribute(PRINCIPAL).orElseThrow()
                + "\"}").getBytes(StandardCharsets.UTF_8)).completed();
        try (HttpServer server = TestServers.start(handler.with(auth));
             RawClient client = new RawClient(server.port())) {
            assertEquals(401, client.exchange("GET /me HTTP/1.1\r\nHost: a\r\n\r\n").status());
        }
        try (HttpServer server = TestServers.start(handler.with(auth));
             RawClient client = new RawClient(server.port())) {
            var response = client.exchange("GET /me HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer ada-token\r\n\r\n");
            assertEquals(200, response.status());
            assertEquals("{\"user\":\"ada\"}", response.bodyText());
            assertTrue(response.header("Content-Type").startsWith("application/json"));
        }
    }
}
