package dev.loopline.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.HttpServer;
import dev.loopline.server.ServerConfig;
import dev.loopline.testsupport.ErrorDetails;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Typed parameters and JSON bodies on a real server: each bad input gets its status and a detail naming it. */
class BindingOverTheWireTest {

    enum State { OPEN, CLOSED }

    record Todo(String title, boolean done, List<String> tags) {
    }

    private static HttpServer server;

    @BeforeAll
    static void start() {
        Router router = Router.builder()
                .get("/todos/{id}", request -> Json.response(Map.of("id", Params.pathLong(request, "id"),
                        "state", Params.queryEnum(request, "state", State.class, State.OPEN),
                        "limit", Params.queryInt(request, "limit", 20))).completed())
                .get("/sessions/{id}", request -> Json.response(Map.of("id", Params.pathUuid(request, "id")))
                        .completed())
                .post("/todos", request -> Json.response(201, Json.read(request, Todo.class)).completed())
                .post("/echo", request -> Json.response(Json.read(request, Object.class)).completed())
                .build();
        server = TestServers.start(ServerConfig.builder().maxBodyBytes(4 * 1024 * 1024), router);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String detail(RawResponse response) {
        assertEquals("application/problem+json", response.header("Content-Type"), response.toString());
        ErrorDetails.assertOwnWords(response.bodyText(), response.toString()); // no Jackson text, no class name
        JsonNode problem = Json.mapper().readTree(response.body());
        assertEquals(response.status(), problem.get("status").asInt());
        return problem.get("detail").asString();
    }

    @Test
    void goodParametersAndBodiesAreBound() throws Exception {
        RawResponse got = Wire.send(server.port(), "GET", "/todos/7?state=closed&limit=5");
        assertEquals(200, got.status());
        assertEquals(Map.of("id", 7, "state", "CLOSED", "limit", 5), Json.mapper().readValue(got.body(), Map.class));

        RawResponse created = Wire.postJson(server.port(), "/todos", "{\"title\":\"tea\",\"done\":false,\"tags\":[]}");
        assertEquals(201, created.status());
        assertEquals("application/json", created.header("Content-Type"));
        assertEquals("{\"title\":\"tea\",\"done\":false,\"tags\":[]}", created.bodyText());
    }

    @Test
    void badTypedParametersAre400NamingParameterAndValue() throws Exception {
        RawResponse id = Wire.send(server.port(), "GET", "/todos/seven");
        assertEquals(400, id.status());
        assertEquals("path parameter \"id\" must be an integer, was \"seven\"", detail(id));

        RawResponse limit = Wire.send(server.port(), "GET", "/todos/7?limit=lots");
        assertEquals(400, limit.status());
        assertEquals("query parameter \"limit\" must be an integer, was \"lots\"", detail(limit));

        RawResponse state = Wire.send(server.port(), "GET", "/todos/7?state=archived");
        assertEquals(400, state.status());
        assertEquals("query parameter \"state\" must be one of [OPEN, CLOSED], was \"archived\"", detail(state));

        RawResponse uuid = Wire.send(server.port(), "GET", "/sessions/not-a-uuid");
        assertEquals(400, uuid.status());
        assertEquals("path parameter \"id\" must be a UUID like 123e4567-e89b-12d3-a456-426614174000, was"
                + " \"not-a-uuid\"", detail(uuid));
    }

    @Test
    void onlyAsciiDigitsAndHexMakeNumbersAndUuids() throws Exception {
        // U+0663 ARABIC-INDIC DIGIT THREE and U+FF21 FULLWIDTH LATIN CAPITAL LETTER A: Character.digit takes both
        RawResponse arabicDigit = Wire.send(server.port(), "GET", "/sessions/123e4567-e89b-12d3-a456-42661417400%D9%A3");
        assertEquals(400, arabicDigit.status(), arabicDigit.toString());
        assertEquals("path parameter \"id\" must be a UUID like 123e4567-e89b-12d3-a456-426614174000, was"
                + " \"123e4567-e89b-12d3-a456-42661417400\u0663\"", detail(arabicDigit));

        RawResponse fullwidth = Wire.send(server.port(), "GET", "/sessions/%EF%BC%A123e4567-e89b-12d3-a456-426614174000");
        assertEquals(400, fullwidth.status(), fullwidth.toString());

        RawResponse integer = Wire.send(server.port(), "GET", "/todos/%D9%A1%D9%A2%D9%A3");
        assertEquals(400, integer.status(), integer.toString());
        assertEquals("path parameter \"id\" must be an integer, was \"\u0661\u0662\u0663\"", detail(integer));

        RawResponse limit = Wire.send(server.port(), "GET", "/todos/7?limit=%D9%A3");
        assertEquals(400, limit.status(), limit.toString());
    }

    @Test
    void aBodyThatIsNotJsonIs415() throws Exception {
        RawResponse response = Wire.sendBody(server.port(), "POST", "/todos", "title=tea",
                "Content-Type: application/x-www-form-urlencoded");

        assertEquals(415, response.status());
        assertEquals("Content-Type must be application/json, was \"application/x-www-form-urlencoded\"",
                detail(response));
    }

    @Test
    void malformedJsonIs400WithLineAndColumn() throws Exception {
        RawResponse response = Wire.postJson(server.port(), "/todos", "{\"title\":\"tea\",\n \"done\": tru}");

        assertEquals(400, response.status());
        assertEquals("malformed JSON: a word that is not true, false or null (RFC 8259) (line 2, column 10)",
                detail(response));
    }

    @Test
    void aWrongTypeIs400NamingTheField() throws Exception {
        RawResponse response = Wire.postJson(server.port(), "/todos", "{\"title\":\"tea\",\"done\":false,\"tags\":[1,{}]}");

        assertEquals(400, response.status());
        assertEquals("field \"tags[0]\" must be a string, was 1 (line 1, column 37)", detail(response));
    }

    @Test
    void hostileBodiesAre400NotA500() throws Exception {
        RawResponse deep = Wire.postJson(server.port(), "/echo", "{\"tags\":" + "[".repeat(50_000));
        assertEquals(400, deep.status());
        assertEquals("JSON exceeds a limit: nested deeper than 100 levels", detail(deep));

        RawResponse number = Wire.postJson(server.port(), "/todos", "{\"done\":" + "1".repeat(5_000) + "}");
        assertEquals(400, number.status());
        assertEquals("JSON exceeds a limit: a number longer than 100 characters", detail(number));

        RawResponse string = Wire.postJson(server.port(), "/todos", "{\"title\":\"" + "a".repeat(2_000_000) + "\"}");
        assertEquals(400, string.status());
        assertEquals("JSON exceeds a limit: a string longer than 1000000 characters", detail(string));

        RawResponse duplicate = Wire.postJson(server.port(), "/todos", "{\"title\":\"tea\",\"title\":\"coffee\"}");
        assertEquals(400, duplicate.status(), "a duplicate key is ambiguous: which title did the client mean?");
        assertEquals("field \"title\" appears twice in one object (line 1, column 23)", detail(duplicate));
    }
}
