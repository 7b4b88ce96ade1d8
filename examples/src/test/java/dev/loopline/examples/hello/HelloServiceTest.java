package dev.loopline.examples.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.examples.ExampleOptions;
import dev.loopline.examples.NoisyMachine;
import dev.loopline.examples.RunningExample;
import dev.loopline.server.test.LooplineExtension;
import dev.loopline.testsupport.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class HelloServiceTest {

    @RegisterExtension
    static final LooplineExtension server = LooplineExtension.serving(HelloService.router())
            .configure(NoisyMachine::tolerant);

    @Test
    void plaintext(AsyncHttpClient client, URI base) throws Exception {
        Response response = client.prepareGet(base.resolve("/plaintext").toString()).execute().get();
        assertEquals(200, response.getStatusCode());
        assertEquals("text/plain; charset=utf-8", response.getContentType());
        assertEquals("Hello, World!", response.getResponseBody());
    }

    @Test
    void json(AsyncHttpClient client, URI base) throws Exception {
        Response response = client.prepareGet(base.resolve("/json").toString()).execute().get();
        assertEquals(200, response.getStatusCode());
        assertEquals("application/json", response.getContentType());
        assertEquals("{\"message\":\"Hello, World!\"}", response.getResponseBody());
    }

    @Test
    void unknownPathIs404ProblemJson(AsyncHttpClient client, URI base) throws Exception {
        Response response = client.prepareGet(base.resolve("/nope").toString()).execute().get();
        assertEquals(404, response.getStatusCode());
        assertEquals("application/problem+json", response.getContentType());
    }

    @Test
    void wrongMethodIs405WithAllow(AsyncHttpClient client, URI base) throws Exception {
        Response response = client.preparePost(base.resolve("/plaintext").toString()).execute().get();
        assertEquals(405, response.getStatusCode());
        assertTrue(response.getHeader("Allow").contains("GET"), response.getHeader("Allow"));
    }

    @Test
    void startsAsTheCommandDoesOnAFreePort(AsyncHttpClient client) throws Exception {
        try (RunningExample hello = HelloService.start(ExampleOptions.forTest())) {
            Response response = client.prepareGet(hello.displayUri() + "/plaintext").execute().get();
            assertEquals("Hello, World!", response.getResponseBody());
        }
    }

    @Test
    void servesHttpsWithTheTlsOption(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        ExampleOptions options = ExampleOptions.parse(new String[] {"hello", "--host", "127.0.0.1", "--port", "0",
            "--tls", certs.certificateChain.toString(), certs.privateKey.toString()}, 1);
        try (RunningExample hello = HelloService.start(options)) {
            assertTrue(hello.displayUri().toString().startsWith("https://127.0.0.1:"), hello.displayUri().toString());
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(certs.clientContext()).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create(hello.displayUri() + "/plaintext")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("Hello, World!", response.body());
        }
    }
}
