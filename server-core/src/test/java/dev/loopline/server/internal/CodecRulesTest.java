package dev.loopline.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Socket-free rules: query decoding, target validation, Date format, problem JSON, response fields. */
class CodecRulesTest {

    @Test
    void parsesAndDecodesQueryStrings() {
        Map<String, List<String>> params = QueryString.parse("a=1&b=x+y&a=%C3%A9&empty=&flag&&c=%2F");
        assertEquals(List.of("1", "\u00e9"), params.get("a"));
        assertEquals(List.of("x y"), params.get("b"));
        assertEquals(List.of(""), params.get("empty"));
        assertEquals(List.of(""), params.get("flag"));
        assertEquals(List.of("/"), params.get("c"));
        assertEquals(List.of("a", "b", "empty", "flag", "c"), List.copyOf(params.keySet()));
    }

    @Test
    void badQueryEscapesAre400NamingTheParameter() {
        HttpStatusException error = assertThrows(HttpStatusException.class, () -> QueryString.parse("limit=%zz"));
        assertEquals(400, error.status());
        assertTrue(error.getMessage().contains("\"%zz\" in query parameter limit"), error.getMessage());
        HttpStatusException utf8 = assertThrows(HttpStatusException.class, () -> QueryString.parse("q=%C3%28"));
        assertTrue(utf8.getMessage().contains("not valid UTF-8"), utf8.getMessage());
        assertThrows(HttpStatusException.class, () -> QueryString.parse("q=%4"));
    }

    @Test
    void decodesPathSegmentsKeepingEncodedSlashInside() {
        assertEquals("a/b c", QueryString.decodeSegment("a%2Fb%20c"));
        assertEquals("a+b", QueryString.decodeSegment("a+b"), "+ is only a space in queries");
    }

    @Test
    void validatesRequestTargets() {
        assertNull(targetProblem("GET", "/a/b?c=d&e=%20"));
        assertNull(targetProblem("GET", "http://example.com:8080/x"));
        assertNull(targetProblem("OPTIONS", "*"));
        assertTrue(targetProblem("GET", "*").contains("only allowed with OPTIONS"));
        assertTrue(targetProblem("GET", "/a b").contains("invalid character 0x20"));
        assertTrue(targetProblem("GET", "/a%2").contains("malformed percent-encoding"));
        assertTrue(targetProblem("GET", "/a?b=%2").contains("malformed percent-encoding in the query"));
        assertTrue(targetProblem("GET", "/a?b c").contains("invalid character 0x20 in the query"));
        assertTrue(targetProblem("GET", "ftp://x/y").contains("scheme \"ftp\""));
        assertTrue(targetProblem("GET", "urn:isbn:0451450523").contains("scheme \"urn\""));
        assertTrue(targetProblem("GET", "http:///y").contains("invalid authority"));
        assertTrue(targetProblem("GET", "http:/y").contains("needs an authority"));
        assertTrue(targetProblem("GET", "http://user:pw@example.com/").contains("userinfo"));
        assertTrue(targetProblem("GET", "example.com:443").contains("only allowed with CONNECT"));
        assertTrue(targetProblem("GET", "/a#b").contains("fragment"));
        assertTrue(targetProblem("GET", "").contains("empty"));
    }

    @Test
    void splitsTargetsIntoCanonicalPathQueryAndAuthority() {
        RequestTarget target = new RequestTarget();
        target.parse("GET", "http://Example.com:8080?x=/admin");
        assertEquals("/", target.path());
        assertEquals("x=/admin", target.rawQuery());
        assertEquals("Example.com:8080", target.authority());
        target.parse("GET", "/%7e/a?b");
        assertEquals("/~/a", target.path());
        assertEquals("b", target.rawQuery());
        assertNull(target.authority(), "origin-form has no authority of its own: Host gives it");
        String canonical = "/already/canonical";
        target.parse("GET", canonical);
        assertTrue(canonical == target.path(), "an already canonical target is not copied");
    }

    @Test
    void anAbsoluteFormTargetGivesTheRequestItsAuthority() {
        DefaultRequest absolute = (DefaultRequest) Request.builder("GET", "https://api.example.com/v1?q=1")
                .header("Host", "other.example").build();
        assertEquals("api.example.com", absolute.targetAuthority());
        assertEquals("api.example.com", absolute.context().authority());
        assertEquals("/v1", absolute.path());
        DefaultRequest derived = (DefaultRequest) absolute.withHeader("X-A", "1").withRoute("/v1", Map.of());
        assertEquals("api.example.com", derived.targetAuthority());
        DefaultRequest origin = (DefaultRequest) Request.builder("GET", "/v1").header("Host", "a").build();
        assertNull(origin.targetAuthority());
        assertEquals("a", origin.context().authority());
    }

    @Test
    void canonicalPathsKeepReservedEscapesAndRefuseDotSegments() {
        assertEquals("/a%2Fb/%25/%00/~/%C3%A9", canonical("/a%2fb/%25/%00/%7E/%c3%a9"));
        assertEquals("/a;b=c/d", canonical("/a;b=c/d"));
        for (String dots : List.of("/.", "/..", "/a/./b", "/%2E", "/.%2e", "/a/..%2Fb", "/a%2F.", "/x/%2e%2E/")) {
            HttpStatusException refused = assertThrows(HttpStatusException.class,
                    () -> canonical(dots), dots);
            assertTrue(refused.detail().contains("dot segments are ambiguous"), refused.detail());
        }
        assertEquals("/...", canonical("/..."), "three dots are a name, not a dot segment");
        assertEquals("caf%C3%A9", CanonicalPath.encodeSegment("caf\u00e9"));
        assertEquals("a%2Fb%20c%25d;e", CanonicalPath.encodeSegment("a/b c%d;e"));
        assertEquals("a/b c", CanonicalPath.decode("a%2Fb%20c"));
        assertTrue(assertThrows(HttpStatusException.class, () -> CanonicalPath.decode("a%00b")).detail()
                .contains("NUL"));
    }

    private static String canonical(String path) {
        return CanonicalPath.of(path, 0, path.length());
    }

    private static String targetProblem(String method, String target) {
        try {
            new RequestTarget().parse(method, target);
            return null;
        } catch (HttpStatusException refused) {
            assertEquals(400, refused.status());
            return refused.detail();
        }
    }

    @Test
    void validatesHosts() {
        assertTrue(RequestValidator.isValidHost("example.com"));
        assertTrue(RequestValidator.isValidHost("example.com:80"));
        assertTrue(RequestValidator.isValidHost("[::1]:8080"));
        assertTrue(RequestValidator.isValidHost("[::1]"));
        assertFalse(RequestValidator.isValidHost("a:b:c"));
        assertFalse(RequestValidator.isValidHost("host:8o"));
        assertFalse(RequestValidator.isValidHost("[::1"));
        assertFalse(RequestValidator.isValidHost("a/b"));
    }

    @Test
    void formatsDatesAsImfFixdate() {
        assertEquals("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n",
                new String(DateHeader.format(784111777000L), StandardCharsets.US_ASCII));
        java.time.format.DateTimeFormatter reference = java.time.format.DateTimeFormatter
                .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US).withZone(java.time.ZoneOffset.UTC);
        java.util.Random random = new java.util.Random(20261124);
        for (int i = 0; i < 10_000; i++) { // any instant from 1970 to 2100, against the JDK's formatter
            long millis = (long) (random.nextDouble() * 4_102_444_800_000L);
            assertEquals("Date: " + reference.format(java.time.Instant.ofEpochMilli(millis)) + "\r\n",
                    new String(DateHeader.format(millis), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void problemJsonEscapesTheDetail() {
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                + "\"detail\":\"bad \\\"x\\\"\\n\\u0001\\\\\"}", Problems.json(400, "bad \"x\"\n\u0001\\"));
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}", Problems.json(404, null));
    }

    @Test
    void responseRejectsHeaderInjectionAndServerOwnedFields() {
        Response ok = Response.text("x");
        assertThrows(IllegalArgumentException.class, () -> ok.withHeader("X-Evil", "a\r\nSet-Cookie: b"));
        assertThrows(IllegalArgumentException.class, () -> ok.withHeader("Bad Name", "v"));
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> ok.withHeader("Content-Length", "5"));
        assertTrue(length.getMessage().contains("set by the server"));
        assertThrows(IllegalArgumentException.class, () -> Response.empty(99));
        Response twoCookies = ok.addHeader("Set-Cookie", "a=1").addHeader("Set-Cookie", "b=2");
        assertEquals(List.of("a=1", "b=2"), twoCookies.headers().allValues("set-cookie"));
        assertEquals("text/plain; charset=utf-8", twoCookies.withHeader("X-A", "1").headers()
                .firstValue("content-type").orElseThrow());
    }

    @Test
    void builtRequestsSplitTheTarget() {
        Request request = Request.builder("GET", "/todos/7?limit=5&q=a%20b").header("Accept", "text/plain")
                .body("hi").build();
        assertEquals("/todos/7", request.path());
        assertEquals("limit=5&q=a%20b", request.rawQuery());
        assertEquals("a b", request.queryParam("q").orElseThrow());
        assertEquals("text/plain", request.header("accept").orElseThrow());
        assertEquals("hi", request.body().asString());
        Request routed = request.withRoute("/todos/{id}", Map.of("id", "7"));
        assertEquals("/todos/{id}", routed.route());
        assertEquals("", request.route(), "the original is untouched");
        assertEquals("7", routed.pathParam("id"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> routed.pathParam("name"));
        assertTrue(missing.getMessage().contains("\"name\""));
        assertEquals("/", Request.builder("GET", "http://h?x=1").build().path());
        assertThrows(IllegalArgumentException.class, () -> Request.builder("GET", "no-slash"));
    }
}
