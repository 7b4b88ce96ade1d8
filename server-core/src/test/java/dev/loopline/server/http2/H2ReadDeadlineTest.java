package dev.loopline.server.http2;

import static dev.loopline.server.http2.H2Asserts.assertReset;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loopline.server.BodyPolicy;
import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.testsupport.TestServers;
import io.netty.handler.codec.http2.Http2Error;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The body deadline on HTTP/2 streams. */
class H2ReadDeadlineTest {

    @Test
    void aStreamAnsweredBeforeItsBodyWhoseClientStopsSendingIsResetAfterTheBodyTimeout() throws Exception {
        Handler early = BodyPolicy.streamed(64L * 1024 * 1024).applyTo(request -> Response.text("early").completed());
        ServerConfig.Builder config = ServerConfig.builder().bodyTimeout(Duration.ofMillis(300));
        try (HttpServer server = TestServers.start(config, early);
             RawH2Client client = RawH2Client.connect(server.port())) {
            client.headers(1, Hpack.request("POST", "/upload"), false);
            client.data(1, new byte[1000], false);
            StreamResult result = client.awaitResponse(1);
            assertEquals(200, result.status(), result.toString());
            // the client sends nothing more and never ends its side: the stream must not stay open for ever
            assertReset(client, 1, Http2Error.NO_ERROR);
        }
    }
}
