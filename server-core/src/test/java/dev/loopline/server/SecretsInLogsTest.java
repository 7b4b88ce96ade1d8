package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.LogCapture;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * ERROR and WARN lines about a request name its method, path and the status answered: never the query string
 * (tokens travel there) nor a header value (Authorization, Cookie). The request's {@code toString} is what they print.
 */
class SecretsInLogsTest {

    private static final String SECRETS = "?token=s3cret&user=me HTTP/1.1\r\nHost: a\r\n"
            + "Authorization: Bearer h3ader\r\nCookie: session=c00kie\r\n\r\n";

    private static CompletableFuture<Response> handle(Request request) {
        switch (request.path()) {
            case "/fail":
                throw new IllegalStateException("the handler failed");
            case "/null":
                return null;
            case "/hang":
                return new CompletableFuture<>();
            default:
                return CompletableFuture.completedFuture(Response.text("ok"));
        }
    }

    @Test
    void errorAndWarnLinesCarryMethodPathAndStatusOnly() throws Exception {
        ServerConfig.Builder config = ServerConfig.builder().handlerTimeout(Duration.ofMillis(200));
        try (LogCapture handler = LogCapture.of("dev.loopline.handler");
             HttpServer server = TestServers.start(config, SecretsInLogsTest::handle)) {
            assertEquals(500, get(server, "/fail"));
            assertEquals(500, get(server, "/null"));
            assertEquals(503, get(server, "/hang"));

            List<ILoggingEvent> lines = new ArrayList<>();
            Await.until("three lines logged", () -> handler.events(Level.ERROR).size()
                    + handler.events(Level.WARN).size() == 3);
            lines.addAll(handler.events(Level.ERROR));
            lines.addAll(handler.events(Level.WARN));
            assertLine(lines, "GET /fail", "500");
            assertLine(lines, "GET /null", "500");
            assertLine(lines, "GET /hang", "503");
            for (ILoggingEvent line : lines) {
                String text = line.getFormattedMessage();
                for (String secret : List.of("s3cret", "token=", "user=me", "h3ader", "c00kie")) {
                    assertFalse(text.contains(secret), "\"" + secret + "\" in the log line: " + text);
                }
            }
        }
    }

    @Test
    void aRequestPrintsAsMethodAndPath() {
        Request request = Request.builder("GET", "/users/7?token=s3cret").header("Authorization", "Bearer x").build();
        assertEquals("GET /users/7", request.toString());
    }

    private static void assertLine(List<ILoggingEvent> lines, String request, String status) {
        assertTrue(lines.stream().map(ILoggingEvent::getFormattedMessage)
                .anyMatch(text -> text.contains(request) && text.contains(status)),
                "no line naming " + request + " and " + status + " in " + lines);
    }

    private static int get(HttpServer server, String path) throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            return client.exchange("GET " + path + SECRETS).status();
        }
    }
}
