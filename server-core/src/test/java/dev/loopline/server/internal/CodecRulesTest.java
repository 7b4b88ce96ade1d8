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
        assertNull(RequestValidator.checkTarget("GET", "/a/b?c=d&e=%20"));
        assertNull(RequestValidator.checkTarget("GET", "http://example.com:8080/x"));
        assertNull(RequestValidator.checkTarget("OPTIONS", "*"));
        assertTrue(RequestValidator.checkTarget("GET", "*").contains("only allowed with OPTIONS"));
        assertTrue(RequestValidator.checkTarget("GET", "/a b").contains("invalid character 0x20"));
        assertTrue(RequestValidator.checkTarget("GET", "/a%2").contains("malformed percent-encoding"));
        assertTrue(RequestValidator.checkTarget("GET", "ftp://x/y").contains("must start with '/'"));
        assertTrue(RequestValidator.checkTarget("GET", "http:///y").contains("invalid authority"));
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
