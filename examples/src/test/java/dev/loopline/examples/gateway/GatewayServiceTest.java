package dev.loopline.examples.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.examples.ExampleOptions;
import dev.loopline.examples.RunningExample;
import dev.loopline.routing.Json;
import dev.loopline.routing.Router;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.testsupport.TestServers;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.Dsl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The gateway started as the command starts it, against its own stand-ins and against broken upstreams. */
class GatewayServiceTest {

    private static AsyncHttpClient client;

    @BeforeAll
    static void client() {
        client = Dsl.asyncHttpClient(Dsl.config().setRequestTimeout(java.time.Duration.ofSeconds(30)));
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
    }

    @Test
    void theDashboardMergesAllThreeUpstreams() throws Exception {
        try (RunningExample gateway = GatewayService.start(ExampleOptions.forTest().with("slow-ms", "50"))) {
            JsonNode dashboard = dashboard(gateway);
            assertTrue(dashboard.get("complete").asBoolean(), dashboard.toString());
            JsonNode parts = dashboard.get("parts");
            assertEquals(List.of("profile", "orders", "recommendations"), names(parts));
            assertEquals("Ada Lovelace", parts.get("profile").get("data").get("name").asString());
            assertEquals(2, parts.get("orders").get("data").get("open").asInt());
            assertEquals("ok", parts.get("recommendations").get("status").asString());
        }
    }

    @Test
    void aLateUpstreamIsMarkedUnavailableAndTheAnswerStillComes() throws Exception {
        ExampleOptions options = ExampleOptions.forTest().with("slow-ms", "5000").with("timeout-ms", "200");
        try (RunningExample gateway = GatewayService.start(options)) {
            JsonNode dashboard = dashboard(gateway);
            assertFalse(dashboard.get("complete").asBoolean(), dashboard.toString());
            JsonNode late = dashboard.get("parts").get("recommendations");
            assertEquals("unavailable", late.get("status").asString());
            assertEquals("no answer within 200 ms", late.get("reason").asString());
            assertEquals("ok", dashboard.get("parts").get("profile").get("status").asString());
        }
    }

    @Test
    void failedUpstreamsAreMarkedUnavailableWithTheReason() throws Exception {
        Router broken = Router.builder()
                .get("/error", request -> Response.problem(500, "upstream fell over").completed())
                .get("/not-json", request -> Response.text("<html>oops</html>").completed())
                .get("/ok", request -> Response.json("[1,2,3]").completed())
                .build();
        try (HttpServer upstream = TestServers.start(broken)) {
            String base = "http://127.0.0.1:" + upstream.port();
            ExampleOptions options = ExampleOptions.forTest()
                    .with("upstream", "fine=" + base + "/ok")
                    .with("upstream", "error=" + base + "/error")
                    .with("upstream", "garbage=" + base + "/not-json")
                    .with("upstream", "gone=http://127.0.0.1:" + closedPort() + "/");
            try (RunningExample gateway = GatewayService.start(options)) {
                JsonNode dashboard = dashboard(gateway);
                JsonNode parts = dashboard.get("parts");
                assertFalse(dashboard.get("complete").asBoolean());
                assertEquals("[1,2,3]", parts.get("fine").get("data").toString());
                assertEquals("answered 500", parts.get("error").get("reason").asString());
                assertEquals("answered invalid JSON", parts.get("garbage").get("reason").asString());
                assertEquals("could not connect", parts.get("gone").get("reason").asString());
            }
        }
    }

    @Test
    void concurrentDashboardsEachGetAnAnswer() throws Exception {
        try (RunningExample gateway = GatewayService.start(ExampleOptions.forTest().with("slow-ms", "100"))) {
            List<CompletableFuture<org.asynchttpclient.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(client.prepareGet(gateway.displayUri() + "/dashboard").execute().toCompletableFuture());
            }
            for (CompletableFuture<org.asynchttpclient.Response> call : calls) {
                org.asynchttpclient.Response response = call.get();
                assertEquals(200, response.getStatusCode());
                assertTrue(Json.mapper().readTree(response.getResponseBody()).get("complete").asBoolean());
            }
        }
    }

    @Test
    void aMalformedUpstreamOptionIsRefusedByName() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> GatewayService.start(ExampleOptions.forTest().with("upstream", "http://nowhere")));
        assertTrue(refused.getMessage().contains("--upstream"), refused.getMessage());
    }

    private static JsonNode dashboard(RunningExample gateway) throws Exception {
        org.asynchttpclient.Response response = client.prepareGet(gateway.displayUri() + "/dashboard").execute().get();
        assertEquals(200, response.getStatusCode(), response.getResponseBody());
        assertEquals("application/json", response.getContentType());
        return Json.mapper().readTree(response.getResponseBody());
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        return names;
    }

    /** A port nobody listens on: bound once to find it, then closed. */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
