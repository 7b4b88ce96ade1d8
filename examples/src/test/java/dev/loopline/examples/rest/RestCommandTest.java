package dev.loopline.examples.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.examples.ExampleOptions;
import dev.loopline.examples.RunningExample;
import java.nio.file.Files;
import java.nio.file.Path;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.Dsl;
import org.asynchttpclient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rest example started as the command starts it: options, a file database, shutdown. */
class RestCommandTest {

    private static AsyncHttpClient client;

    @BeforeAll
    static void client() {
        client = Dsl.asyncHttpClient();
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
    }

    @Test
    void aFileDatabaseKeepsTheDataAcrossRestarts(@TempDir Path directory) throws Exception {
        ExampleOptions options = ExampleOptions.forTest().with("db", directory.resolve("todos").toString())
                .with("drain-ms", "0");
        String location;
        try (RunningExample rest = RestService.start(options)) {
            Response created = client.preparePost(rest.displayUri() + "/todos")
                    .setHeader("Content-Type", "application/json").setBody("{\"title\": \"survive a restart\"}")
                    .execute().get();
            assertEquals(201, created.getStatusCode());
            location = created.getHeader("Location");
        }
        assertTrue(Files.exists(directory.resolve("todos.mv.db")));
        try (RunningExample rest = RestService.start(options)) {
            Response fetched = client.prepareGet(rest.displayUri() + location).execute().get();
            assertEquals(200, fetched.getStatusCode());
            assertTrue(fetched.getResponseBody().contains("survive a restart"), fetched.getResponseBody());
        }
    }

    @Test
    void anUnknownOptionIsRefusedByName() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> RestService.start(ExampleOptions.forTest().with("db-path", "x")));
        assertTrue(refused.getMessage().contains("--db-path"), refused.getMessage());
    }

    @Test
    void aBadNumberIsRefusedByName() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> RestService.start(ExampleOptions.forTest().with("drain-ms", "soon")));
        assertEquals("--drain-ms must be a number from 0 to 300000, got \"soon\"", refused.getMessage());
    }
}
