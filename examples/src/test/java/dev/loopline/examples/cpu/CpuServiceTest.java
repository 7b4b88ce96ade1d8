package dev.loopline.examples.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.examples.ExampleOptions;
import dev.loopline.examples.NoisyMachine;
import dev.loopline.examples.RunningExample;
import dev.loopline.routing.Json;
import dev.loopline.server.HttpServer;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.ServerStats;
import dev.loopline.server.test.LooplineExtension;
import dev.loopline.testsupport.TestServers;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** /hash runs on the CPU pool and leaves the loops free; /hash-inline is caught by the loop guard. */
class CpuServiceTest {

    private static final PasswordHasher FAST = new PasswordHasher(1_000); // the cost is not what is tested here

    private static final int CPU_THREADS = 2;

    @RegisterExtension
    static final LooplineExtension server = LooplineExtension.serving(CpuService.router(FAST))
            .configure(config -> NoisyMachine.tolerant(config).cpuThreads(CPU_THREADS));

    /**
     * The CPU pool starts a thread on each of its first offloads, on the loop that offloads (Thread.start can
     * take 100 ms on a loaded machine): start them all here, before the extension's per-test check begins.
     */
    @BeforeAll
    static void startTheCpuPoolThreads() throws Exception {
        for (int i = 0; i < CPU_THREADS; i++) {
            hash(server.client(), server.uri(), "/hash", "{\"password\": \"warm-up\"}", 200);
        }
    }

    @Test
    void hashRunsOnTheCpuPoolAndVerifies(AsyncHttpClient client, URI base) throws Exception {
        JsonNode result = json(hash(client, base, "/hash", "{\"password\": \"correct horse\"}", 200));
        assertEquals("PBKDF2WithHmacSHA256", result.get("algorithm").asString());
        assertEquals(1_000, result.get("iterations").asInt());
        assertTrue(result.get("thread").asString().startsWith("loopline-cpu-"), result.toString());
        byte[] salt = Base64.getDecoder().decode(result.get("salt").asString());
        byte[] hash = Base64.getDecoder().decode(result.get("hash").asString());
        assertEquals(PasswordHasher.SALT_BYTES, salt.length);
        assertArrayEquals(FAST.hash("correct horse".toCharArray(), salt), hash);
        assertTrue(FAST.matches("correct horse".toCharArray(), salt, hash));
        assertTrue(!FAST.matches("correct horsf".toCharArray(), salt, hash));
    }

    @Test
    void everyHashGetsItsOwnSalt(AsyncHttpClient client, URI base) throws Exception {
        String body = "{\"password\": \"same\"}";
        JsonNode first = json(hash(client, base, "/hash", body, 200));
        JsonNode second = json(hash(client, base, "/hash", body, 200));
        assertNotEquals(first.get("salt"), second.get("salt"));
        assertNotEquals(first.get("hash"), second.get("hash"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}                     | 422 | field \"password\" is required",
            "{\"password\": \"\"}   | 422 | field \"password\" is required",
            "{\"password\": [1]}    | 400 | password",
            "{\"password\"          | 400 | JSON ends unexpectedly"})
    void badInputIsAProblemNamingTheField(String body, int status, String detail, AsyncHttpClient client, URI base)
            throws Exception {
        Response response = hash(client, base, "/hash", body, status);
        assertEquals("application/problem+json", response.getContentType());
        assertTrue(json(response).get("detail").asString().contains(detail), response.getResponseBody());
    }

    @Test
    void anOverlongPasswordIsRefusedBeforeHashing(AsyncHttpClient client, URI base) throws Exception {
        Response response = hash(client, base, "/hash", "{\"password\": \"" + "p".repeat(1025) + "\"}", 422);
        assertTrue(response.getResponseBody().contains("at most 1024 characters, was 1025"));
    }

    @Test
    void hashInlineRunsOnTheLoopAndTheLoopGuardReportsIt(AsyncHttpClient client) throws Exception {
        // Enough work to hold a loop far longer than the threshold on any machine.
        PasswordHasher slow = new PasswordHasher(2_000_000);
        ServerConfig.Builder config = ServerConfig.builder().eventLoops(1).loopGuardThreshold(Duration.ofMillis(20));
        try (HttpServer inline = TestServers.start(config, CpuService.router(slow))) {
            URI base = URI.create("http://127.0.0.1:" + inline.port());
            JsonNode result = json(hash(client, base, "/hash-inline", "{\"password\": \"p\"}", 200));
            assertTrue(result.get("thread").asString().startsWith("loopline-loop-"), result.toString());

            ServerStats.BlockedEpisode episode = awaitEpisode(inline);
            assertEquals("POST /hash-inline", episode.request());
            assertTrue(episode.stack().stream().anyMatch(frame -> frame.getClassName().equals(
                    PasswordHasher.class.getName())), "the guard's stack shows the hashing: " + episode.stack());
        }
    }

    @Test
    void startsAsTheCommandDoes(AsyncHttpClient client) throws Exception {
        try (RunningExample cpu = CpuService.start(ExampleOptions.forTest().with("iterations", "1000"))) {
            Response response = client.preparePost(cpu.displayUri() + "/hash")
                    .setHeader("Content-Type", "application/json").setBody("{\"password\": \"p\"}").execute().get();
            assertEquals(1_000, json(response).get("iterations").asInt());
        }
    }

    private static ServerStats.BlockedEpisode awaitEpisode(HttpServer server) throws InterruptedException {
        for (int i = 0; i < 1_000 && server.stats().lastBlocked() == null; i++) {
            Thread.sleep(10); // the guard records the episode on its next tick
        }
        ServerStats.BlockedEpisode episode = server.stats().lastBlocked();
        assertTrue(episode != null, "the loop guard saw no blocked loop");
        return episode;
    }

    private static Response hash(AsyncHttpClient client, URI base, String path, String body, int status)
            throws Exception {
        Response response = client.preparePost(base.resolve(path).toString())
                .setHeader("Content-Type", "application/json").setBody(body).execute().get();
        assertEquals(status, response.getStatusCode(), response.getResponseBody());
        return response;
    }

    private static JsonNode json(Response response) {
        return Json.mapper().readTree(response.getResponseBody());
    }
}
