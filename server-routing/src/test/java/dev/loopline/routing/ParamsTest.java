package dev.loopline.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Request;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Socket-free tests of typed parameters: values that parse, and the 400 detail of each that does not. */
class ParamsTest {

    enum Sort { NEWEST, OLDEST }

    private static Request path(String name, String value) {
        return Request.builder("GET", "/x").build().withRoute("/{" + name + "}", Map.of(name, value));
    }

    private static Request query(String rawQuery) {
        return Request.builder("GET", "/x?" + rawQuery).build();
    }

    private static void assertBadRequest(String detail, Executable read) {
        HttpStatusException error = assertThrows(HttpStatusException.class, read);
        assertEquals(400, error.status());
        assertEquals(detail, error.detail());
    }

    @Test
    void pathParametersParse() {
        assertEquals(42L, Params.pathLong(path("id", "42"), "id"));
        assertEquals(-7, Params.pathInt(path("n", "-7"), "n"));
        assertEquals(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                Params.pathUuid(path("id", "123e4567-e89b-12d3-a456-426614174000"), "id"));
        assertTrue(Params.pathBoolean(path("on", "TRUE"), "on"));
        assertEquals(Sort.OLDEST, Params.pathEnum(path("sort", "oldest"), "sort", Sort.class));
        assertEquals("a/b", Params.path(path("name", "a/b"), "name"));
    }

    @Test
    void badPathParametersAre400NamingParameterAndValue() {
        assertBadRequest("path parameter \"id\" must be an integer, was \"abc\"",
                () -> Params.pathLong(path("id", "abc"), "id"));
        assertBadRequest("path parameter \"id\" must be an integer from -9223372036854775808 to 9223372036854775807,"
                + " was \"99999999999999999999\"", () -> Params.pathLong(path("id", "99999999999999999999"), "id"));
        assertBadRequest("path parameter \"n\" must be an integer from -2147483648 to 2147483647, was \"2147483648\"",
                () -> Params.pathInt(path("n", "2147483648"), "n"));
        assertBadRequest("path parameter \"n\" must be an integer, was \"1.5\"", () -> Params.pathInt(path("n", "1.5"),
                "n"));
        assertBadRequest("path parameter \"id\" must be a UUID like 123e4567-e89b-12d3-a456-426614174000, was"
                + " \"1-2-3-4-5\"", () -> Params.pathUuid(path("id", "1-2-3-4-5"), "id"));
        assertBadRequest("path parameter \"on\" must be true or false, was \"yes\"",
                () -> Params.pathBoolean(path("on", "yes"), "on"));
        assertBadRequest("path parameter \"sort\" must be one of [NEWEST, OLDEST], was \"best\"",
                () -> Params.pathEnum(path("sort", "best"), "sort", Sort.class));
    }

    @Test
    void aLongBadValueIsTruncatedInTheDetail() {
        String detail = assertThrows(HttpStatusException.class,
                () -> Params.pathLong(path("id", "x".repeat(500)), "id")).detail();
        assertEquals("path parameter \"id\" must be an integer, was \"" + "x".repeat(100) + "...\"", detail);
    }

    @Test
    void queryParametersParseOrTakeTheirDefault() {
        Request request = query("limit=50&offset=&verbose=false&sort=NEWEST&after=123e4567-e89b-12d3-a456-426614174000");

        assertEquals(50, Params.queryInt(request, "limit", 20));
        assertEquals(0L, Params.queryLong(request, "offset", 0L));
        assertEquals(20, Params.queryInt(request, "missing", 20));
        assertFalse(Params.queryBoolean(request, "verbose", true));
        assertEquals(Sort.NEWEST, Params.queryEnum(request, "sort", Sort.class, Sort.OLDEST));
        assertEquals(Sort.OLDEST, Params.queryEnum(request, "order", Sort.class, Sort.OLDEST));
        assertEquals(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), Params.queryUuid(request, "after"));
        assertEquals("fallback", Params.query(request, "q", "fallback"));
    }

    @Test
    void badOrMissingQueryParametersAre400() {
        Request request = query("limit=ten&offset=&q=caf%C3%A9");

        assertBadRequest("query parameter \"limit\" must be an integer, was \"ten\"",
                () -> Params.queryInt(request, "limit", 20));
        assertBadRequest("missing query parameter \"offset\"", () -> Params.queryLong(request, "offset"));
        assertBadRequest("missing query parameter \"page\"", () -> Params.queryInt(request, "page"));
        assertBadRequest("query parameter \"q\" must be true or false, was \"café\"",
                () -> Params.queryBoolean(request, "q"));
    }

    @Test
    void askingForAPathParameterTheRouteLacksIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> Params.pathLong(path("id", "1"), "userId"));
    }
}
