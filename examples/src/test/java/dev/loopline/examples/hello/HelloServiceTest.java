package dev.loopline.examples.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loopline.examples.ExampleOptions;
import dev.loopline.server.HttpServer;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.Dsl;
import org.asynchttpclient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HelloServiceTest {

    private static HttpServer server;
    private static AsyncHttpClient client;

    @BeforeAll
    static void start() {
        server = HelloService.start(ExampleOptions.forTest());
        client = Dsl.asyncHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.close();
    }

    private static Response get(String path) throws Exception {
        return client.prepareGet("http://127.0.0.1:" + server.port() + path).execute().get();
    }

    @Test
    void plaintext() throws Exception {
        Response response = get("/plaintext");
        assertEquals(200, response.getStatusCode());
        assertEquals("text/plain; charset=utf-8", response.getContentType());
        assertEquals("Hello, World!", response.getResponseBody());
    }

    @Test
    void json() throws Exception {
        Response response = get("/json");
        assertEquals(200, response.getStatusCode());
        assertEquals("application/json", response.getContentType());
        assertEquals("{\"message\":\"Hello, World!\"}", response.getResponseBody());
    }

    @Test
    void unknownPathIs404ProblemJson() throws Exception {
        Response response = get("/nope");
        assertEquals(404, response.getStatusCode());
        assertEquals("application/problem+json", response.getContentType());
    }
}
