package dev.loopline.server.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.Http2Config;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.testsupport.TestServers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A client that does not wait for the 101 of {@code Upgrade: h2c}: the upgrade request, the connection preface, its
 * SETTINGS and a second stream's HEADERS in one write. The bytes after the HTTP/1.1 request must reach HTTP/2 after
 * the switch (they were dropped, and the connection closed); stream 1 answers the upgrade request, stream 3 the other.
 */
class H2cUpgradeCoalescedTest {

    @Test
    void theFramesSentWithTheUpgradeRequestAreServedAfterTheSwitch() throws Exception {
        ServerConfig.Builder config = ServerConfig.builder()
                .http2(Http2Config.builder().cleartextUpgrade(true).build());
        try (HttpServer server = TestServers.start(config, request -> Response.text(request.path() + " over "
                + request.protocol()).completed());
             RawH2Client client = new RawH2Client(server.port())) {
            byte[] upgrade = ("GET /first HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            client.send(Frames.concat(upgrade, RawH2Client.PREFACE, Frames.settings(),
                    Frames.headers(3, Hpack.request("GET", "/second"), true, true)));
            String head = client.readHttp1Head();
            assertTrue(head.startsWith("HTTP/1.1 101 Switching Protocols\r\n"), head);
            StreamResult first = client.awaitResponse(1);
            assertEquals("/first over HTTP/2.0", new String(first.body(), StandardCharsets.UTF_8), first.seen().toString());
            StreamResult second = client.awaitResponse(3);
            assertEquals("/second over HTTP/2.0", new String(second.body(), StandardCharsets.UTF_8),
                    second.seen().toString());
        }
    }
}
