package dev.loopline.server.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.Handler;
import dev.loopline.server.Http2Config;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import dev.loopline.testsupport.protocols.CommandLine;
import dev.loopline.testsupport.protocols.CommandLine.Result;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/1.1 {@code Upgrade: h2c} path (RFC 7540 section 3.2), behind {@code Http2Config.cleartextUpgrade}: curl
 * {@code --http2} on an http:// URL asks for it. With the option on, a request without a body gets 101 and its
 * response comes on stream 1, and the next request on the same connection is an HTTP/2 stream; a request with a body
 * stays HTTP/1.1. With the option off (the default), the Upgrade header is ignored: HTTP/1.1, no 101.
 */
class H2cUpgradeTest {

    private static final Handler ECHO = request -> Response.text(request.method() + " " + request.path() + " over "
            + request.protocol() + " body " + request.body().length()).completed();

    private static HttpServer start(boolean upgrade) {
        return TestServers.start(ServerConfig.builder().http2(Http2Config.builder().cleartextUpgrade(upgrade).build()),
                ECHO);
    }

    private static Result curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-v", "--max-time", "20", "--http2"));
        command.addAll(List.of(args));
        Result result = CommandLine.run(command);
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    @Test
    void withTheOptionOnABodilessRequestSwitchesAndTheConnectionGoesOnInHttp2() throws Exception {
        CommandLine.assumeInstalled("curl", "curl");
        try (HttpServer server = start(true)) {
            String base = "http://127.0.0.1:" + server.port();
            Result result = curl(base + "/first", base + "/second"); // two requests, one connection
            assertTrue(result.stderr().contains("< HTTP/1.1 101 Switching Protocols"), result.toString());
            assertEquals("GET /first over HTTP/2.0 body 0GET /second over HTTP/2.0 body 0", result.stdout(),
                    result.toString());
        }
    }

    @Test
    void withTheOptionOnARequestWithABodyIsServedAsHttp11() throws Exception {
        CommandLine.assumeInstalled("curl", "curl");
        try (HttpServer server = start(true)) {
            Result result = curl("-d", "hello", "http://127.0.0.1:" + server.port() + "/post");
            assertTrue(!result.stderr().contains("101 Switching"), result.toString());
            assertEquals("POST /post over HTTP/1.1 body 5", result.stdout(), result.toString());
        }
    }

    @Test
    void byDefaultTheUpgradeIsIgnored() throws Exception {
        try (HttpServer server = start(false); RawClient client = new RawClient(server.port())) {
            client.send("GET /plain HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                    + "HTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n");
            RawResponse response = client.readResponse();
            assertEquals(200, response.status());
            assertEquals("GET /plain over HTTP/1.1 body 0", response.bodyText());
        }
    }
}
