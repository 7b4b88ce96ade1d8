package dev.loopline.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.exc.InvalidDefinitionException;

/** Socket-free tests of JSON binding: what reads, and the status and detail of each kind of bad body. */
class JsonTest {

    record Item(String name, int quantity) {
    }

    record Order(String customer, boolean paid, List<Item> items) {
    }

    record Named(String name) {
        Named {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
        }
    }

    private static Request post(String contentType, String body) {
        Request.Builder builder = Request.builder("POST", "/orders").body(body);
        return contentType == null ? builder.build() : builder.header("Content-Type", contentType).build();
    }

    private static Request json(String body) {
        return post("application/json", body);
    }

    private static String rejected(int status, Request request) {
        HttpStatusException error = assertThrows(HttpStatusException.class, () -> Json.read(request, Order.class));
        assertEquals(status, error.status(), error.detail());
        return error.detail();
    }

    @Test
    void readsARecord() {
        Order order = Json.read(post("application/json; charset=UTF-8",
                "{\"customer\":\"ada\",\"paid\":true,\"items\":[{\"name\":\"tea\",\"quantity\":2}]}"), Order.class);

        assertEquals(new Order("ada", true, List.of(new Item("tea", 2))), order);
    }

    @Test
    void readsGenericTypesAndJsonSuffixMediaTypes() {
        List<Item> items = Json.read(post("application/merge-patch+json",
                "[{\"name\":\"a\",\"quantity\":1}]"), new TypeReference<List<Item>>() { });

        assertEquals(List.of(new Item("a", 1)), items);
    }

    @Test
    void aBodyThatIsNotDeclaredJsonIs415() {
        assertEquals("Content-Type must be application/json, was missing", rejected(415, post(null, "{}")));
        assertEquals("Content-Type must be application/json, was \"text/plain\"",
                rejected(415, post("text/plain", "{}")));
        assertEquals("JSON must be encoded as UTF-8 (RFC 8259), Content-Type says charset latin1",
                rejected(415, post("application/json; charset=\"latin1\"", "{}")));
    }

    @Test
    void emptyAndNullBodiesAre400() {
        assertEquals("request body is empty; expected JSON", rejected(400, json("")));
        assertEquals("request body is JSON null; expected an object", rejected(400, json("null")));
    }

    @Test
    void malformedJsonIs400WithLineAndColumn() {
        assertEquals("malformed JSON: an unexpected character (RFC 8259) (line 2, column 13)",
                rejected(400, json("{\"customer\":\"ada\",\n\"paid\":true,}")));
        assertEquals("malformed JSON: a word that is not true, false or null (RFC 8259) (line 1, column 10)",
                rejected(400, json("{\"paid\": tru}")));
        assertEquals("field \"paid\" appears twice in one object (line 1, column 20)",
                rejected(400, json("{\"paid\":true,\"paid\":false}")));
        assertEquals("JSON ends unexpectedly (line 1, column 13)", rejected(400, json("{\"customer\":")));
    }

    @Test
    void aWrongTypeIs400NamingTheFieldPath() {
        assertEquals("field \"paid\" must be true or false, was a string (line 1, column 9)",
                rejected(400, json("{\"paid\":\"yes\",\"items\":[]}")));
        assertEquals("field \"items[1].quantity\" must be an integer, was a string (line 2, column 59)",
                rejected(400, json("{\"paid\":true,\n\"items\":[{\"name\":\"a\",\"quantity\":1},{\"name\":\"b\",\"quantity\":\"two\"}]}")));
        assertEquals("field \"items[0].quantity\" must be an integer, was 1.5 (line 1, column 46)",
                rejected(400, json("{\"paid\":true,\"items\":[{\"name\":\"a\",\"quantity\":1.5}]}")));
        String numberForText = rejected(400, json("{\"paid\":true,\"customer\":42}"));
        assertTrue(numberForText.startsWith("field \"customer\" must be"), numberForText);
        assertEquals("field \"items\" must be an array, was an object (line 1, column 22)",
                rejected(400, json("{\"paid\":true,\"items\":{}}")));
        assertEquals("request body must be an object, was an array (line 1, column 1)", rejected(400, json("[]")));
        assertEquals("field \"paid\" must be true or false, was null (line 1, column 9)",
                rejected(400, json("{\"paid\":null}")));
        assertEquals("missing field \"paid\" (true or false) (line 1, column 16)",
                rejected(400, json("{\"customer\":\"a\"}")));
    }

    @Test
    void unknownFieldsAndTrailingDataAre400() {
        String unknown = rejected(400, json("{\"paid\":true,\"colour\":\"red\"}"));
        assertEquals("unknown field \"colour\"; known fields: [customer, items, paid] (line 1, column 29)", unknown);
        assertEquals("unexpected data after the JSON value (line 1, column 15)",
                rejected(400, json("{\"paid\":true} {\"paid\":false}")));
    }

    @Test
    void aNumberOutOfRangeIs400NamingTheField() {
        assertEquals("field \"quantity\" is out of range: it must be an integer from -2147483648 to 2147483647"
                + " (line 1, column 57)",
                rejected(400, json("{\"paid\":true,\"items\":[{\"name\":\"a\",\"quantity\":99999999999}]}")));
    }

    @Test
    void aRecordThatRejectsItsValuesIs400WithItsMessage() {
        HttpStatusException error = assertThrows(HttpStatusException.class,
                () -> Json.read(json("{\"name\":\" \"}"), Named.class));

        assertEquals(400, error.status());
        assertEquals("invalid request body: name must not be blank (line 1, column 12)", error.detail());
    }

    @Test
    void limitsMakeHostileBodiesA400() {
        String deep = "[".repeat(Json.MAX_NESTING_DEPTH + 1) + "]".repeat(Json.MAX_NESTING_DEPTH + 1);
        HttpStatusException depth = assertThrows(HttpStatusException.class,
                () -> Json.read(json(deep), Object.class));
        assertEquals("JSON exceeds a limit: nested deeper than 100 levels", depth.detail());

        HttpStatusException deeper = assertThrows(HttpStatusException.class,
                () -> Json.read(json("[".repeat(100_000)), Object.class));
        assertEquals(400, deeper.status());

        HttpStatusException number = assertThrows(HttpStatusException.class,
                () -> Json.read(json("{\"n\":" + "9".repeat(1000) + "}"), Map.class));
        assertEquals("JSON exceeds a limit: a number longer than 100 characters", number.detail());

        HttpStatusException string = assertThrows(HttpStatusException.class,
                () -> Json.read(json("{\"s\":\"" + "x".repeat(Json.MAX_STRING_CHARS + 1) + "\"}"), Map.class));
        assertEquals("JSON exceeds a limit: a string longer than 1000000 characters", string.detail());

        HttpStatusException name = assertThrows(HttpStatusException.class,
                () -> Json.read(json("{\"" + "k".repeat(5000) + "\":1}"), Map.class));
        assertEquals("JSON exceeds a limit: a field name longer than 1000 characters", name.detail());
    }

    @Test
    void aTypeJacksonCannotBindIsTheServersFaultNotA400() {
        class NoCreator {
            NoCreator(int unused) {
            }
        }
        assertThrows(InvalidDefinitionException.class, () -> Json.read(json("{}"), NoCreator.class));
    }

    @Test
    void writesAnyValueAsJson() {
        Response created = Json.response(201, new Item("tea", 2));

        assertEquals(201, created.status());
        assertEquals("application/json", created.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"name\":\"tea\",\"quantity\":2}", created.body().asString());
        assertEquals("[1,2]", Json.response(List.of(1, 2)).body().asString());
    }
}
