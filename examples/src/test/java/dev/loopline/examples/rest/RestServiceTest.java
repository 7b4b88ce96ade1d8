package dev.loopline.examples.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.examples.NoisyMachine;
import dev.loopline.routing.Json;
import dev.loopline.server.test.LooplineExtension;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The to-do API as a client sees it, over a real socket, with every query checked to have run off the loops. */
class RestServiceTest {

    private static final int POOL_SIZE = 4;
    private static final String ADMIN_TOKEN = "s3cret-admin";
    private static final TodoDatabase database = TodoDatabase.inMemory(POOL_SIZE);
    private static final ThreadRecordingDataSource recording = new ThreadRecordingDataSource(database.dataSource());
    private static final PrometheusMetrics metrics = new PrometheusMetrics();

    @RegisterExtension
    static final LooplineExtension server = LooplineExtension
            .serving(RestService.router(recording.dataSource, database::isReachable, metrics,
                    Optional.of(ADMIN_TOKEN)))
            // The recording data source, not the guard, proves that no query ran on a loop.
            .configure(config -> RestService.observed(NoisyMachine.tolerant(config), metrics)
                    .blockingConcurrency(POOL_SIZE));

    @BeforeAll
    static void bindServerMeters() {
        metrics.bind(server.server());
    }

    @AfterAll
    static void closeDatabase() {
        metrics.close();
        database.close(); // runs before the extension stops the server, when nothing is in flight any more
    }

    @Test
    void adminRoutesSeeThePrincipalTheAuthFilterSet(AsyncHttpClient client, URI base) throws Exception {
        String whoami = base.resolve("/admin/whoami").toString();
        Response anonymous = client.prepareGet(whoami).execute().get();
        assertEquals(401, anonymous.getStatusCode());
        assertEquals("Bearer realm=\"admin\"", anonymous.getHeader("WWW-Authenticate"));
        assertEquals(401, client.prepareGet(whoami).setHeader("Authorization", "Bearer wrong").execute().get()
                .getStatusCode());
        Response admin = client.prepareGet(whoami).setHeader("Authorization", "Bearer " + ADMIN_TOKEN)
                .setHeader("X-Request-Id", "trace-7").execute().get();
        assertEquals(200, admin.getStatusCode());
        JsonNode body = json(admin);
        assertEquals("admin", body.get("principal").asString());
        assertEquals("trace-7", body.get("requestId").asString());
    }

    @Test
    void postAnswers201WithLocationAndTheStoredItem(AsyncHttpClient client, URI base) throws Exception {
        Response created = post(client, base, "{\"title\": \"Buy milk\", \"done\": false}");
        assertEquals(201, created.getStatusCode());
        assertEquals("application/json", created.getContentType());
        JsonNode todo = json(created);
        long id = todo.get("id").asLong();
        assertEquals("/todos/" + id, created.getHeader("Location"));
        assertEquals("Buy milk", todo.get("title").asString());
        assertFalse(todo.get("done").asBoolean());

        Response fetched = client.prepareGet(base.resolve(created.getHeader("Location")).toString()).execute().get();
        assertEquals(200, fetched.getStatusCode());
        assertEquals(todo, json(fetched));
    }

    @Test
    void doneIsOptionalAndFalseByDefault(AsyncHttpClient client, URI base) throws Exception {
        JsonNode todo = json(post(client, base, "{\"title\": \"Call Bob\"}"));
        assertFalse(todo.get("done").asBoolean());
    }

    @Test
    void putReplacesAndDeleteRemoves(AsyncHttpClient client, URI base) throws Exception {
        String location = post(client, base, "{\"title\": \"Draft\"}").getHeader("Location");
        String url = base.resolve(location).toString();

        Response replaced = client.preparePut(url).setHeader("Content-Type", "application/json")
                .setBody("{\"title\": \"Final\", \"done\": true}").execute().get();
        assertEquals(200, replaced.getStatusCode());
        assertEquals("Final", json(replaced).get("title").asString());
        assertTrue(json(client.prepareGet(url).execute().get()).get("done").asBoolean());

        Response deleted = client.prepareDelete(url).execute().get();
        assertEquals(204, deleted.getStatusCode());
        assertEquals("", deleted.getResponseBody());
        assertProblem(client.prepareGet(url).execute().get(), 404, "no todo with id");
        assertProblem(client.prepareDelete(url).execute().get(), 404, "no todo with id");
    }

    @Test
    void unknownIdIs404ForEveryMethod(AsyncHttpClient client, URI base) throws Exception {
        String url = base.resolve("/todos/987654321").toString();
        assertProblem(client.prepareGet(url).execute().get(), 404, "no todo with id 987654321");
        assertProblem(client.preparePut(url).setHeader("Content-Type", "application/json")
                .setBody("{\"title\": \"x\"}").execute().get(), 404, "no todo with id 987654321");
        assertProblem(client.prepareDelete(url).execute().get(), 404, "no todo with id 987654321");
    }

    @Test
    void listPagesWithLimitAndOffset(AsyncHttpClient client, URI base) throws Exception {
        for (int i = 0; i < 3; i++) {
            post(client, base, "{\"title\": \"page item " + i + "\"}");
        }
        JsonNode page = json(client.prepareGet(base.resolve("/todos?limit=2&offset=1").toString()).execute().get());
        assertEquals(2, page.get("items").size());
        assertEquals(2, page.get("limit").asInt());
        assertEquals(1, page.get("offset").asInt());
        assertTrue(page.get("total").asLong() >= 3);
        assertTrue(page.get("items").get(0).get("id").asLong() < page.get("items").get(1).get("id").asLong());
    }

    @ParameterizedTest
    @CsvSource({"limit=0, limit", "limit=101, limit", "limit=ten, limit", "offset=-1, offset"})
    void aLimitOrOffsetOutOfBoundsIs400NamingIt(String query, String parameter, AsyncHttpClient client, URI base)
            throws Exception {
        Response response = client.prepareGet(base.resolve("/todos?" + query).toString()).execute().get();
        assertProblem(response, 400, "query parameter \"" + parameter + "\"");
    }

    @Test
    void malformedJsonIs400(AsyncHttpClient client, URI base) throws Exception {
        assertProblem(post(client, base, "{\"title\": "), 400, "JSON ends unexpectedly");
        assertProblem(post(client, base, "{\"title\": \"x\", \"colour\": \"red\"}"), 400, "unknown field \"colour\"");
        assertProblem(post(client, base, "{\"title\": [\"x\"]}"), 400, "title");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}                            | field \"title\" is required",
            "{\"title\": null}             | field \"title\" is required",
            "{\"title\": \"\"}             | field \"title\" must not be empty",
            "{\"title\": \"   \"}          | field \"title\" must not be empty"})
    void aMissingOrEmptyTitleIs422NamingTheField(String body, String detail, AsyncHttpClient client, URI base)
            throws Exception {
        assertProblem(post(client, base, body), 422, detail);
    }

    @Test
    void aTitleOver200CharactersIs422AndExactly200IsFine(AsyncHttpClient client, URI base) throws Exception {
        assertProblem(post(client, base, "{\"title\": \"" + "a".repeat(201) + "\"}"), 422,
                "field \"title\" must be at most 200 characters, was 201");
        String emoji = "\uD83D\uDE00".repeat(200); // 200 characters, 400 UTF-16 units
        Response created = post(client, base, "{\"title\": \"" + emoji + "\"}");
        assertEquals(201, created.getStatusCode());
        assertEquals(emoji, json(created).get("title").asString());
    }

    @Test
    void aNonNumericIdIs400(AsyncHttpClient client, URI base) throws Exception {
        assertProblem(client.prepareGet(base.resolve("/todos/abc").toString()).execute().get(), 400,
                "path parameter \"id\" must be an integer, was \"abc\"");
    }

    @Test
    void aWrongMethodIs405WithAllow(AsyncHttpClient client, URI base) throws Exception {
        Response response = client.preparePatch(base.resolve("/todos/1").toString()).execute().get();
        assertEquals(405, response.getStatusCode());
        assertEquals("GET, HEAD, PUT, DELETE, OPTIONS", response.getHeader("Allow"));
        assertEquals("application/problem+json", response.getContentType());
    }

    @Test
    void concurrentWritersLoseNothing(AsyncHttpClient client, URI base) throws Exception {
        int writers = 300;
        String prefix = "concurrent-" + System.nanoTime() + "-";
        List<CompletableFuture<Response>> posts = new ArrayList<>();
        for (int i = 0; i < writers; i++) { // all sent before any answer is awaited
            posts.add(client.preparePost(base.resolve("/todos").toString())
                    .setHeader("Content-Type", "application/json")
                    .setBody("{\"title\": \"" + prefix + i + "\"}").execute().toCompletableFuture());
        }
        Set<Long> ids = new HashSet<>();
        for (CompletableFuture<Response> post : posts) {
            Response response = post.get();
            assertEquals(201, response.getStatusCode(), response.getResponseBody());
            ids.add(json(response).get("id").asLong());
        }
        assertEquals(writers, ids.size(), "every POST got its own id");

        Set<String> stored = new HashSet<>();
        for (long offset = 0; ; offset += 100) { // count them all, page by page
            JsonNode page = json(client.prepareGet(base.resolve("/todos?limit=100&offset=" + offset).toString())
                    .execute().get());
            page.get("items").forEach(item -> stored.add(item.get("title").asString()));
            if (page.get("items").size() < 100) {
                break;
            }
        }
        for (int i = 0; i < writers; i++) {
            assertTrue(stored.contains(prefix + i), "lost: " + prefix + i);
        }
    }

    @Test
    void healthEndpointsAnswerUp(AsyncHttpClient client, URI base) throws Exception {
        assertEquals(200, client.prepareGet(base.resolve("/health/live").toString()).execute().get().getStatusCode());
        Response ready = client.prepareGet(base.resolve("/health/ready").toString()).execute().get();
        assertEquals(200, ready.getStatusCode());
        assertEquals("UP", json(ready).get("checks").get("database").asString());
    }

    @Test
    void metricsArePrometheusTextByRoutePattern(AsyncHttpClient client, URI base) throws Exception {
        String location = post(client, base, "{\"title\": \"measured\"}").getHeader("Location");
        client.prepareGet(base.resolve(location).toString()).execute().get();
        Response scrape = client.prepareGet(base.resolve("/metrics").toString()).execute().get();
        assertEquals(200, scrape.getStatusCode());
        assertEquals(PrometheusMetrics.CONTENT_TYPE, scrape.getContentType());
        String text = scrape.getResponseBody();
        assertTrue(text.contains("http_server_requests_seconds_count{method=\"POST\",outcome=\"SUCCESS\","
                + "route=\"/todos\",status=\"201\"}"), text);
        assertTrue(text.contains("route=\"/todos/{id}\""), "by pattern, never by raw path: " + text);
        assertFalse(text.contains("route=\"" + location + "\""), text);
        assertTrue(text.contains("loopline_eventloop_lag"), "the server's own meters: " + text);
        assertTrue(text.contains("loopline_route_loop_time_seconds_bucket{method=\"POST\",route=\"/todos\""),
                "the loop time per route, as a histogram: " + text);
        assertTrue(text.contains("jvm_memory_used_bytes"), text);
    }

    @Test
    void theLoopReportListsRoutesByLoopTime(AsyncHttpClient client, URI base) throws Exception {
        post(client, base, "{\"title\": \"timed\"}");
        Response report = client.prepareGet(base.resolve("/loop").toString()).execute().get();
        assertEquals(200, report.getStatusCode());
        var json = json(report);
        assertEquals(1000, json.get("budgetMicros").asInt());
        var routes = json.get("routes");
        boolean sawPost = false;
        for (var route : routes) {
            sawPost |= route.get("method").asString().equals("POST") && route.get("route").asString().equals("/todos");
            assertTrue(route.get("calls").asLong() > 0, route.toString());
        }
        assertTrue(sawPost, "POST /todos is listed: " + routes);
        assertTrue(json.get("loops").size() > 0 && json.get("pools").size() == 2, json.toString());
    }

    @Test
    void noQueryEverRanOnAnEventLoop(AsyncHttpClient client, URI base) throws Exception {
        post(client, base, "{\"title\": \"where did I run?\"}");
        assertFalse(recording.threads.isEmpty());
        assertTrue(recording.threads.stream().noneMatch(name -> name.startsWith("loopline-loop")),
                "JDBC ran on " + recording.threads);
    }

    static Response post(AsyncHttpClient client, URI base, String body) throws Exception {
        return client.preparePost(base.resolve("/todos").toString()).setHeader("Content-Type", "application/json")
                .setBody(body).execute().get();
    }

    static JsonNode json(Response response) {
        return Json.mapper().readTree(response.getResponseBody());
    }

    static void assertProblem(Response response, int status, String detailPart) {
        assertEquals(status, response.getStatusCode(), response.getResponseBody());
        assertEquals("application/problem+json", response.getContentType());
        String detail = json(response).get("detail").asString();
        assertTrue(detail.contains(detailPart), "detail \"" + detail + "\" should contain \"" + detailPart + "\"");
    }
}
