package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.LogCapture;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * What the server writes, whatever a handler builds: a header that would split the response (CR, LF, NUL, a name
 * that is no token) is never written (500, one ERROR line naming the header, the connection still usable); no
 * body on 204, 205 and 304 (205 says {@code Content-Length: 0}) or to HEAD; one {@code Content-Type} at most.
 */
class ResponseRulesTest {

    private static final String HANDLER_LOG = "dev.loopline.handler";
    private static HttpServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(request -> {
            switch (request.path()) {
                case "/value-crlf":
                    return Response.text("x").withHeader("X-Evil", "a\r\nSet-Cookie: stolen=1").completed();
                case "/value-lf":
                    return Response.text("x").withHeader("X-Evil", "a\nSet-Cookie: stolen=1").completed();
                case "/value-nul":
                    return Response.text("x").withHeader("X-Evil", "a\u0000stolen=1").completed();
                case "/name-crlf":
                    return Response.text("x").addHeader("X-Evil\r\nSet-Cookie", "stolen=1").completed();
                case "/name-space":
                    return Response.text("x").addHeader("X Evil", "stolen=1").completed();
                case "/reset":
                    return Response.text(205, "a body a 205 must not have").completed();
                case "/reset-empty":
                    return Response.empty(205).completed();
                case "/no-content-with-body":
                    return Response.text(204, "a body a 204 must not have").completed();
                case "/two-types":
                    return Response.text("x").addHeader("Content-Type", "text/html").completed();
                case "/two-types-any-case":
                    return Response.json("{}").addHeader("content-type", "text/html").completed();
                default:
                    return Response.text("ok").completed();
            }
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/value-crlf, X-Evil", "/value-lf, X-Evil", "/value-nul, X-Evil", "/name-crlf, X-Evil\\x0d\\x0aSet-Cookie",
        "/name-space, X Evil"})
    void aHeaderThatWouldSplitTheResponseIsNeverWritten(String path, String named) throws Exception {
        try (LogCapture errors = LogCapture.of(HANDLER_LOG); RawClient client = new RawClient(server.port())) {
            client.send("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\nGET /after HTTP/1.1\r\nHost: a\r\n\r\n");
            RawResponse response = client.readResponse();
            assertEquals(500, response.status(), response.toString());
            assertNull(response.header("Set-Cookie"), "the injected field was written: " + response);
            assertNull(response.header("X-Evil"));
            assertEquals("ok", client.readResponse().bodyText(), "the connection stays usable");

            List<ILoggingEvent> lines = errors.events(Level.ERROR);
            assertEquals(1, lines.size(), lines.toString());
            String line = lines.get(0).getFormattedMessage() + " " + lines.get(0).getThrowableProxy().getMessage();
            assertTrue(line.contains("GET " + path) && line.contains("500"), line);
            assertTrue(line.contains("header " + named), "the line names the header: " + line);
            assertFalse(line.contains("stolen"), "a header value is never logged: " + line);
        }
    }

    @Test
    void a205HasContentLengthZeroAndNoBodyWithOneWarn() throws Exception {
        try (LogCapture queue = LogCapture.of(HANDLER_LOG); RawClient client = new RawClient(server.port())) {
            client.send("GET /reset HTTP/1.1\r\nHost: a\r\n\r\nGET /reset-empty HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /after HTTP/1.1\r\nHost: a\r\n\r\n");
            for (int i = 0; i < 2; i++) {
                RawResponse reset = client.readResponse();
                assertEquals(205, reset.status());
                assertEquals("0", reset.header("Content-Length"));
                assertNull(reset.header("Content-Type"), "no body, so nothing to describe: " + reset);
            }
            RawResponse after = client.readResponse(); // read right after the 205s: a body there would be in it
            assertEquals("HTTP/1.1 200 OK", after.statusLine());
            assertEquals("ok", after.bodyText());
            Await.until("the WARN", () -> !queue.events(Level.WARN).isEmpty());
            List<ILoggingEvent> warns = queue.events(Level.WARN);
            assertEquals(1, warns.size(), "one WARN, for the handler that did supply a body: " + warns);
            assertTrue(warns.get(0).getFormattedMessage().contains("GET /reset"), warns.get(0).getFormattedMessage());
        }
    }

    @Test
    void headResponsesAndNoContentCarryNoBody() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            client.send("HEAD /anything HTTP/1.1\r\nHost: a\r\n\r\nGET /no-content-with-body HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /after HTTP/1.1\r\nHost: a\r\n\r\n");
            RawResponse head = client.readHeadResponse();
            assertEquals(200, head.status());
            assertEquals("2", head.header("Content-Length"), "HEAD says what GET would send, and sends none of it");
            RawResponse noContent = client.readResponse();
            assertEquals(500, noContent.status(), "a 204 with a body is refused when it is built: " + noContent);
            assertEquals("ok", client.readResponse().bodyText());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/two-types", "/two-types-any-case"})
    void twoContentTypesAreRefusedWhenTheResponseIsBuilt(String path) throws Exception {
        try (LogCapture errors = LogCapture.of(HANDLER_LOG); RawClient client = new RawClient(server.port())) {
            byte[] raw = rawExchange(client, "GET " + path + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.1 500 "), text);
            assertEquals(1, text.split("(?i)\r\ncontent-type:", -1).length - 1, "one Content-Type line: " + text);
            String line = errors.events(Level.ERROR).get(0).getThrowableProxy().getMessage();
            assertTrue(line.contains("Content-Type"), line);
        }
    }

    private static byte[] rawExchange(RawClient client, String request) throws Exception {
        client.send(request);
        return client.readUntilClosed();
    }
}
