package com.example.bookmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.routing.Json;
import dev.loopline.routing.Router;
import dev.loopline.server.Response;
import dev.loopline.server.test.LooplineExtension;
import dev.loopline.server.test.ServedBy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.Dsl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The service over real sockets, with a second Loopline server standing in for the bookmarked sites. */
class BookmarkServiceTest {

    private static final AsyncHttpClient checks = Dsl.asyncHttpClient();
    private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    // A cold JVM's first JSON answers load and compile Jackson's serializers on the loop: over 100 ms on a busy
    // 2-core CI machine. The guard here catches gross blocks only.
    @RegisterExtension
    static final LooplineExtension service = LooplineExtension.serving(BookmarkService.router(checks, registry))
            .configure(config -> config.loopGuardThreshold(Duration.ofSeconds(1)));

    @RegisterExtension
    static final LooplineExtension site = LooplineExtension.serving(Router.builder()
            .get("/up", request -> Response.text("up").completed())
            .get("/down", request -> Response.status(503).completed())
            .build());

    @AfterAll
    static void closeClient() throws Exception {
        checks.close();
    }

    @Test
    void createsAndReadsABookmark(@ServedBy("service") AsyncHttpClient client, @ServedBy("service") URI base)
            throws Exception {
        var created = post(client, base, "{\"url\": \"https://example.com/\", \"title\": \"Example\"}");
        assertEquals(201, created.getStatusCode(), created.getResponseBody());
        String location = created.getHeader("Location");
        JsonNode read = json(client.prepareGet(base.resolve(location).toString()).execute().get());
        assertEquals("https://example.com/", read.get("url").asString());
        assertEquals("Example", read.get("title").asString());
        assertEquals(location, "/bookmarks/" + read.get("id").asLong());
    }

    @Test
    void anUnknownIdIs404AndANonHttpUrlIs422() throws Exception {
        var missing = service.client().prepareGet(service.uri().resolve("/bookmarks/999").toString()).execute().get();
        assertEquals(404, missing.getStatusCode());
        assertEquals("application/problem+json", missing.getContentType());

        var refused = post(service.client(), service.uri(), "{\"url\": \"ftp://example.com/\"}");
        assertEquals(422, refused.getStatusCode());
        assertTrue(refused.getResponseBody().contains("field \\\"url\\\" must be an http or https URL"),
                refused.getResponseBody());
    }

    @Test
    void checkAsksTheSiteWithoutBlockingALoop() throws Exception {
        String up = idOf(site.uri().resolve("/up"));
        assertEquals("{\"id\":" + up + ",\"reachable\":true,\"status\":200}", check(up));
        String down = idOf(site.uri().resolve("/down"));
        assertEquals("{\"id\":" + down + ",\"reachable\":false,\"status\":503}", check(down));
    }

    @Test
    void requestsAreTimedByRoutePattern() throws Exception {
        service.client().prepareGet(service.uri().resolve("/bookmarks/12345").toString()).execute().get();
        double timed = registry.get("http.server.requests").tag("route", "/bookmarks/{id}").tag("status", "404")
                .timer().count();
        assertTrue(timed >= 1, "requests to /bookmarks/{id} timed: " + timed);
    }

    private static String idOf(URI url) throws Exception {
        return json(post(service.client(), service.uri(), "{\"url\": \"" + url + "\"}")).get("id").asString();
    }

    private static String check(String id) throws Exception {
        var answer = service.client().prepareGet(service.uri().resolve("/bookmarks/" + id + "/check").toString())
                .execute().get();
        assertEquals(200, answer.getStatusCode());
        return answer.getResponseBody();
    }

    private static org.asynchttpclient.Response post(AsyncHttpClient client, URI base, String body) throws Exception {
        return client.preparePost(base.resolve("/bookmarks").toString())
                .setHeader("Content-Type", "application/json").setBody(body).execute().get();
    }

    private static JsonNode json(org.asynchttpclient.Response response) {
        return Json.mapper().readTree(response.getResponseBody());
    }
}
