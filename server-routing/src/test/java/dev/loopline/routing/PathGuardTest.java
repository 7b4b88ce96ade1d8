package dev.loopline.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.Filter;
import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A filter that guards {@code /admin/*} by comparing {@code request.path()} cannot be bypassed by another spelling of
 * the path: the filter reads the canonical path, and the router matches exactly that path, so what the filter saw is
 * what the route got. Tested with the guard as a router filter and as a filter around the whole router.
 */
class PathGuardTest {

    private static final List<String> guardSaw = new CopyOnWriteArrayList<>();
    private static final List<String> routeSaw = new CopyOnWriteArrayList<>();
    private static HttpServer guardInRouter;
    private static HttpServer guardAroundRouter;

    /** The guard a user writes: a path prefix and a credential. */
    private static final Filter GUARD = (request, next) -> {
        guardSaw.add(request.path());
        boolean admin = request.path().equals("/admin") || request.path().startsWith("/admin/");
        if (admin && request.header("X-Admin-Token").isEmpty()) {
            return Response.problem(403, "admins only").completed();
        }
        return next.handle(request);
    };

    private static RouterBuilder router() {
        return Router.builder()
                .get("/admin/{page}", request -> {
                    routeSaw.add(request.path());
                    return Response.text("secret " + request.pathParam("page")).completed();
                })
                .get("/{*rest}", request -> Response.text("public " + request.pathParam("rest")).completed());
    }

    @BeforeAll
    static void start() {
        guardInRouter = TestServers.start(router().filter(GUARD).build());
        Handler router = router().build();
        guardAroundRouter = TestServers.start(request -> GUARD.filter(request, router));
    }

    @AfterAll
    static void stop() {
        guardInRouter.close();
        guardAroundRouter.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "/admin/x",
        "/%61dmin/x",                     // an unreserved character percent-encoded: the same path
        "/%61%64%6d%69%6e/x",
        "/public/../admin/x",             // dot segments, raw or encoded: refused, never resolved past the guard
        "/%2e%2e/admin/x",
        "/.%2E/admin/x",
        "/admin/./x",
        "//admin/x",                      // an empty first segment: another path, which no admin route matches
        "/admin%2Fx",                     // an encoded slash stays inside its segment
        "/admin%2fx",
        "/%2561dmin/x",                   // double encoding stays encoded
        "/admin;jsessionid=1/x",          // matrix parameters are ordinary path characters
        "http://example.com?x=/admin/x",  // absolute-form: the path is "/", the query is not the path
        "http://example.com/%61dmin/x?a=b",
    })
    void noSpellingOfTheGuardedPathReachesTheGuardedRoute(String target) throws Exception {
        for (HttpServer server : List.of(guardInRouter, guardAroundRouter)) {
            RawResponse response = Wire.send(server.port(), "GET", target);
            assertFalse(response.bodyText().startsWith("secret"), target + " bypassed the guard: " + response);
            assertTrue(response.status() == 403 || response.status() == 400 || response.bodyText().startsWith("public"),
                    target + ": " + response);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/admin/x", "/%61dmin/x", "/admin/%78", "http://example.com/%61dmin/x?a=b"})
    void theRouteGetsExactlyThePathTheGuardSaw(String target) throws Exception {
        for (HttpServer server : List.of(guardInRouter, guardAroundRouter)) {
            guardSaw.clear();
            routeSaw.clear();
            RawResponse response = Wire.send(server.port(), "GET", target, "X-Admin-Token: t");
            assertEquals("secret x", response.bodyText(), target + ": " + response);
            assertEquals(List.of("/admin/x"), guardSaw, target);
            assertEquals(guardSaw, routeSaw, target);
        }
    }
}
