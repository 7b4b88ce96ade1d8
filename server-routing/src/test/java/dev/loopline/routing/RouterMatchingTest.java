package dev.loopline.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.Handler;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Socket-free tests of matching: patterns, precedence, conflicts and percent-decoding, through find(). */
class RouterMatchingTest {

    private static final Handler OK = request -> Response.text("ok").completed();

    private static String patternOf(Router router, String method, String path) {
        return router.find(method, path).map(match -> match.route().pattern()).orElse("none");
    }

    private static Map<String, String> paramsOf(Router router, String method, String path) {
        return router.find(method, path).orElseThrow().pathParams();
    }

    @Test
    void matchesStaticParameterAndWildcardSegments() {
        Router router = Router.builder()
                .get("/", OK)
                .get("/users", OK)
                .get("/users/{id}", OK)
                .get("/repos/{owner}/{repo}/stargazers", OK)
                .get("/static/{*path}", OK)
                .build();

        assertEquals("/", patternOf(router, "GET", "/"));
        assertEquals("/users", patternOf(router, "GET", "/users"));
        assertEquals(Map.of("id", "42"), paramsOf(router, "GET", "/users/42"));
        assertEquals(Map.of("owner", "julienschmidt", "repo", "httprouter"),
                paramsOf(router, "GET", "/repos/julienschmidt/httprouter/stargazers"));
        assertEquals(Map.of("path", "css/site.css"), paramsOf(router, "GET", "/static/css/site.css"));
        assertEquals(Map.of("path", "a/b/"), paramsOf(router, "GET", "/static/a/b/"));
        assertEquals(Map.of("path", ""), paramsOf(router, "GET", "/static/"));
        assertEquals(Map.of("path", ""), paramsOf(router, "GET", "/static"));
        assertEquals("none", patternOf(router, "GET", "/users/42/posts"));
        assertEquals("none", patternOf(router, "GET", "/nothing"));
        assertEquals("none", patternOf(router, "POST", "/users"));
    }

    @Test
    void aParameterNeverMatchesAnEmptySegment() {
        Router router = Router.builder().get("/users/{id}", OK).get("/a/{x}/b", OK).build();

        assertEquals("none", patternOf(router, "GET", "/users/"));
        assertEquals("none", patternOf(router, "GET", "/a//b"));
    }

    @Test
    void staticBeatsParameterBeatsWildcardWhateverTheRegistrationOrder() {
        Router router = Router.builder()
                .get("/files/{*rest}", OK)
                .get("/files/{name}", OK)
                .get("/files/new", OK)
                .build();

        assertEquals("/files/new", patternOf(router, "GET", "/files/new"));
        assertEquals("/files/{name}", patternOf(router, "GET", "/files/report.pdf"));
        assertEquals("/files/{*rest}", patternOf(router, "GET", "/files/2024/report.pdf"));
    }

    @Test
    void precedenceIsDecidedSegmentBySegmentFromTheLeft() {
        Router router = Router.builder()
                .get("/{a}/static", OK)
                .get("/static/{b}", OK)
                .build();

        assertEquals("/static/{b}", patternOf(router, "GET", "/static/static"));
        assertEquals("/{a}/static", patternOf(router, "GET", "/other/static"));
    }

    @Test
    void backtracksWhenTheStaticBranchHasNoRouteFurtherDown() {
        Router router = Router.builder()
                .get("/users/new/edit", OK)
                .get("/users/{id}/profile", OK)
                .get("/users/{id}/{*rest}", OK)
                .build();

        assertEquals("/users/{id}/profile", patternOf(router, "GET", "/users/new/profile"));
        assertEquals(Map.of("id", "new"), paramsOf(router, "GET", "/users/new/profile"));
        assertEquals("/users/new/edit", patternOf(router, "GET", "/users/new/edit"));
        assertEquals(Map.of("id", "new", "rest", "x/y"), paramsOf(router, "GET", "/users/new/x/y"));
    }

    @Test
    void backtracksWhenTheStaticBranchHasNoRouteForTheMethod() {
        Router router = Router.builder()
                .get("/users/me", OK)
                .delete("/users/{id}", OK)
                .build();

        assertEquals("/users/{id}", patternOf(router, "DELETE", "/users/me"));
        assertEquals("/users/me", patternOf(router, "GET", "/users/me"));
    }

    @Test
    void differentParameterNamesMayShareAPosition() {
        Router router = Router.builder()
                .get("/users/{id}", OK)
                .get("/users/{userId}/posts/{postId}", OK)
                .build();

        assertEquals(Map.of("id", "7"), paramsOf(router, "GET", "/users/7"));
        assertEquals(Map.of("userId", "7", "postId", "9"), paramsOf(router, "GET", "/users/7/posts/9"));
    }

    @Test
    void manyParametersAreAllExtracted() {
        Router router = Router.builder()
                .get("/{a}/{b}/{c}", OK)
                .get("/x/{a}/{b}/{c}/{d}/{*e}", OK)
                .build();

        assertEquals(Map.of("a", "1", "b", "2", "c", "3"), paramsOf(router, "GET", "/1/2/3"));
        assertEquals(Map.of("a", "1", "b", "2", "c", "3", "d", "4", "e", "5/6"),
                paramsOf(router, "GET", "/x/1/2/3/4/5/6"));
        assertEquals(Map.of("a", "1", "b", "2", "c", "3", "d", "4", "e", ""), paramsOf(router, "GET", "/x/1/2/3/4"));
    }

    @Test
    void trailingSlashMakesADifferentRoute() {
        Router router = Router.builder().get("/a", OK).get("/a/", OK).build();

        assertEquals("/a", patternOf(router, "GET", "/a"));
        assertEquals("/a/", patternOf(router, "GET", "/a/"));
    }

    @Test
    void headFindsTheGetRouteUnlessAHeadRouteExists() {
        Router router = Router.builder().get("/a", OK).get("/b", OK).head("/b", OK).build();

        assertEquals("GET", router.find("HEAD", "/a").orElseThrow().route().method());
        assertEquals("HEAD", router.find("HEAD", "/b").orElseThrow().route().method());
    }

    @Test
    void customMethodsAreRoutedAndCaseSensitive() {
        Router router = Router.builder().route("PROPFIND", "/dav/{*path}", OK).get("/dav/x", OK).build();

        assertEquals("/dav/{*path}", patternOf(router, "PROPFIND", "/dav/x"));
        assertEquals("none", patternOf(router, "propfind", "/dav/x"));
        assertEquals(List.of("GET", "HEAD", "OPTIONS", "PROPFIND"), List.copyOf(router.allowedMethods("/dav/x")));
    }

    @Test
    void aStaticMatchIsSharedAndAQueryStringIsIgnored() {
        Router router = Router.builder().get("/health", OK).build();

        Optional<RouteMatch> first = router.find("GET", "/health");
        assertSame(first, router.find("GET", "/health?verbose=1"));
        assertEquals(Map.of(), first.orElseThrow().pathParams());
    }

    @Test
    void segmentsArePercentDecodedOneByOneSoAnEncodedSlashStaysInItsSegment() {
        Router router = Router.builder()
                .get("/files/{name}", OK)
                .get("/files/{name}/meta", OK)
                .get("/café/{*rest}", OK)
                .build();

        assertEquals(Map.of("name", "a/b"), paramsOf(router, "GET", "/files/a%2Fb"));
        assertEquals("/files/{name}/meta", patternOf(router, "GET", "/files/a%2Fb/meta"));
        assertEquals(Map.of("name", "hello world"), paramsOf(router, "GET", "/files/hello%20world"));
        assertEquals(Map.of("name", "a+b"), paramsOf(router, "GET", "/files/a+b"));
        assertEquals(Map.of("rest", "x y/z"), paramsOf(router, "GET", "/caf%C3%A9/x%20y/z"));
        assertEquals("/files/{name}", patternOf(router, "GET", "/%66iles/x"));
    }

    @Test
    void patternsAreMatchedInTheCanonicalFormOfRequestPaths() {
        Router router = Router.builder()
                .get("/caf\u00e9", OK)
                .get("/a b/{x}", OK)
                .get("/m;v=1", OK)
                .get("/100%", OK)
                .build();

        assertEquals("/caf\u00e9", patternOf(router, "GET", "/caf%C3%A9"));
        assertEquals("/caf\u00e9", patternOf(router, "GET", "/caf%c3%a9"), "hex case is not significant");
        assertEquals("/a b/{x}", patternOf(router, "GET", "/a%20b/1"));
        assertEquals("/m;v=1", patternOf(router, "GET", "/m;v=1"));
        assertEquals("none", patternOf(router, "GET", "/m%3Bv=1"), "an encoded reserved character is another path");
        assertEquals("/100%", patternOf(router, "GET", "/100%25"));
    }

    @Test
    void badPercentEncodingIsA400NamingTheSegment() {
        Router router = Router.builder().get("/files/{name}", OK).build();

        HttpStatusException malformed = assertThrows(HttpStatusException.class,
                () -> router.find("GET", "/files/a%zzb"));
        assertEquals(400, malformed.status());
        assertEquals("malformed percent-encoding \"%zz\" in path segment \"a%zzb\" (RFC 3986 section 2.1)",
                malformed.detail());

        HttpStatusException truncated = assertThrows(HttpStatusException.class,
                () -> router.find("GET", "/files/ab%4"));
        assertEquals("malformed percent-encoding \"%4\" in path segment \"ab%4\" (RFC 3986 section 2.1)",
                truncated.detail());

        HttpStatusException notUtf8 = assertThrows(HttpStatusException.class,
                () -> router.find("GET", "/files/%FF%FE"));
        assertEquals("path segment \"%FF%FE\" is not valid UTF-8 after percent-decoding", notUtf8.detail());
    }

    @Test
    void dotSegmentsRawOrEncodedAreA400() {
        Router router = Router.builder().get("/static/{*path}", OK).get("/.well-known/{name}", OK).build();

        for (String path : List.of("/static/../secret", "/static/./a", "/static/%2E%2E/secret", "/static/.%2e",
                "/static/..%2F..%2Fetc%2Fpasswd", "/static/a%2F..%2Fb", "/files/x%2F.")) {
            HttpStatusException dot = assertThrows(HttpStatusException.class, () -> router.find("GET", path), path);
            assertEquals(400, dot.status());
            assertTrue(dot.detail().contains("dot segments are ambiguous"), dot.detail());
        }
        assertEquals(Map.of("name", "security.txt"), paramsOf(router, "GET", "/.well-known/security.txt"));
        assertEquals(Map.of("path", "..a/b.."), paramsOf(router, "GET", "/static/..a/b.."));
    }

    @Test
    void routesThatCannotBeToldApartAreRejectedNamingBoth() {
        IllegalArgumentException sameShape = assertThrows(IllegalArgumentException.class, () -> Router.builder()
                .get("/users/{id}", OK)
                .get("/users/{name}", OK)
                .build());
        assertEquals("route GET /users/{name} conflicts with route GET /users/{id}: both match the same requests"
                + " (parameter names do not tell routes apart)", sameShape.getMessage());

        IllegalArgumentException viaGroup = assertThrows(IllegalArgumentException.class, () -> Router.builder()
                .post("/api/items", OK)
                .group("/api", api -> api.post("/items", OK))
                .build());
        assertTrue(viaGroup.getMessage().startsWith("route POST /api/items conflicts with route POST /api/items"),
                viaGroup.getMessage());

        Router distinct = Router.builder().get("/users/{id}", OK).post("/users/{name}", OK)
                .get("/users/{id}/x", OK).get("/users/{*rest}", OK).build();
        assertEquals(4, distinct.routes().size());
    }

    @Test
    void invalidPatternsAndMethodsFailAtRegistrationNamingThem() {
        RouterBuilder builder = Router.builder();
        assertInvalid("invalid route pattern \"users\": must start with '/'", () -> builder.get("users", OK));
        assertInvalid("invalid route pattern \"/a/{*rest}/b\": the tail wildcard {*rest} must be the last segment",
                () -> builder.get("/a/{*rest}/b", OK));
        assertInvalid("invalid route pattern \"/files/{name}.txt\": segment \"{name}.txt\": a parameter must be a"
                + " whole segment, like {name}", () -> builder.get("/files/{name}.txt", OK));
        assertInvalid("invalid route pattern \"/a/{id}/b/{id}\": parameter {id} appears twice",
                () -> builder.get("/a/{id}/b/{id}", OK));
        assertInvalid("invalid route pattern \"/a//b\": empty segment ('//')", () -> builder.get("/a//b", OK));
        assertInvalid("invalid route pattern \"/a/{}\": parameter name \"\" must be letters, digits, '_' or '-'",
                () -> builder.get("/a/{}", OK));
        assertInvalid("invalid route pattern \"/a/../b\": dot segment \"..\" (requests with dot segments are"
                + " refused)", () -> builder.get("/a/../b", OK));
        assertInvalid("invalid route pattern \"/a?b=1\": must not contain '?' or '#' (query strings are not"
                + " routed)", () -> builder.get("/a?b=1", OK));
        assertInvalid("invalid method \"GET /\" for route /a: a method is a token such as GET or PROPFIND",
                () -> builder.route("GET /", "/a", OK));
        assertInvalid("invalid group prefix \"api/\": it must start with '/' and not end with '/', like /api/v1",
                () -> builder.group("api/", g -> { }));
    }

    private static void assertInvalid(String message, Runnable registration) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, registration::run);
        assertEquals(message, error.getMessage());
    }

    @Test
    void groupsPrefixTheirRoutesAndNest() {
        Router router = Router.builder()
                .group("/api", api -> api
                        .get("", OK)
                        .get("/", OK)
                        .group("/v1/repos/{owner}", v1 -> v1.get("/{repo}", OK)))
                .build();

        assertEquals(List.of("GET /api", "GET /api/", "GET /api/v1/repos/{owner}/{repo}"),
                router.routes().stream().map(Route::toString).toList());
        assertEquals(Map.of("owner", "o", "repo", "r"), paramsOf(router, "GET", "/api/v1/repos/o/r"));
    }

    @Test
    void lookupIsIndependentOfHowManyRoutesShareAParent() {
        RouterBuilder builder = Router.builder();
        for (int i = 0; i < 1000; i++) {
            builder.get("/r" + i + "/{id}", OK).get("/r" + i, OK);
        }
        Router router = builder.build();

        for (int i = 0; i < 1000; i += 7) {
            assertEquals("/r" + i + "/{id}", patternOf(router, "GET", "/r" + i + "/x"));
            assertEquals("/r" + i, patternOf(router, "GET", "/r" + i));
        }
        assertEquals("none", patternOf(router, "GET", "/r1000"));
    }
}
