package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.loopline.testsupport.LogCapture;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a client sees, and what the log says, when a handler fails in each possible way. */
class HandlerErrorsTest {

    private static HttpServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(request -> {
            switch (request.path()) {
                case "/throws":
                    throw new IllegalStateException("secret internal state");
                case "/fails":
                    return CompletableFuture.failedFuture(new IllegalArgumentException("secret failure"));
                case "/fails-later": {
                    CompletableFuture<Response> later = new CompletableFuture<>();
                    new Thread(() -> later.completeExceptionally(new RuntimeException("secret late failure"))).start();
                    return later;
                }
                case "/status":
                    throw new HttpStatusException(409, "todo 7 was changed by someone else");
                case "/status-async":
                    return CompletableFuture.failedFuture(new HttpStatusException(429, "slow down",
                            Map.of("Retry-After", "5")));
                case "/null-stage":
                    return null;
                case "/null-response":
                    return CompletableFuture.completedFuture(null);
                default:
                    return Response.text("ok").completed();
            }
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawResponse get(String path) throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            RawResponse response = client.exchange("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n");
            // Whatever failed, the connection still works.
            assertEquals(200, client.exchange("GET /ok HTTP/1.1\r\nHost: a\r\n\r\n").status());
            return response;
        }
    }

    private static List<ILoggingEvent> errorsWhile(String path, RawResponse[] response) throws Exception {
        try (LogCapture log = LogCapture.of("dev.loopline")) {
            response[0] = get(path);
            return log.events(Level.ERROR);
        }
    }

    private static void assertInternalError(RawResponse response) {
        assertEquals(500, response.status());
        assertEquals("application/problem+json", response.header("Content-Type"));
        assertFalse(response.bodyText().contains("secret"), "no exception message in the body: " + response.bodyText());
        assertFalse(response.bodyText().contains("at dev.loopline"), "no stack trace in the body");
    }

    @Test
    void thrownExceptionIs500WithOneErrorLogLineCarryingTheStack() throws Exception {
        RawResponse[] response = new RawResponse[1];
        List<ILoggingEvent> errors = errorsWhile("/throws", response);
        assertInternalError(response[0]);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).getFormattedMessage().contains("GET /throws"));
        assertNotNull(errors.get(0).getThrowableProxy(), "the log line carries the stack trace");
        assertEquals("secret internal state", errors.get(0).getThrowableProxy().getMessage());
    }

    @Test
    void exceptionallyCompletedStageIs500() throws Exception {
        RawResponse[] response = new RawResponse[1];
        List<ILoggingEvent> errors = errorsWhile("/fails", response);
        assertInternalError(response[0]);
        assertEquals(1, errors.size());
        assertEquals("secret failure", errors.get(0).getThrowableProxy().getMessage());
    }

    @Test
    void stageFailedFromAnotherThreadIs500() throws Exception {
        RawResponse[] response = new RawResponse[1];
        List<ILoggingEvent> errors = errorsWhile("/fails-later", response);
        assertInternalError(response[0]);
        assertEquals(1, errors.size());
    }

    @Test
    void httpStatusExceptionBecomesItsStatusWithoutAnErrorLog() throws Exception {
        RawResponse[] response = new RawResponse[1];
        List<ILoggingEvent> errors = errorsWhile("/status", response);
        assertEquals(409, response[0].status());
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,"
                + "\"detail\":\"todo 7 was changed by someone else\"}", response[0].bodyText());
        assertTrue(errors.isEmpty(), "a client error is not a server error: " + errors);
    }

    @Test
    void httpStatusExceptionCarriesItsHeaders() throws Exception {
        RawResponse response = get("/status-async");
        assertEquals(429, response.status());
        assertEquals("5", response.header("Retry-After"));
    }

    @Test
    void nullStageIs500WithALogLineSayingSo() throws Exception {
        RawResponse[] response = new RawResponse[1];
        List<ILoggingEvent> errors = errorsWhile("/null-stage", response);
        assertInternalError(response[0]);
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).getFormattedMessage().contains("returned null"), errors.get(0).getFormattedMessage());
    }

    @Test
    void nullResponseIs500WithALogLineSayingSo() throws Exception {
        RawResponse[] response = new RawResponse[1];
        List<ILoggingEvent> errors = errorsWhile("/null-response", response);
        assertInternalError(response[0]);
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).getFormattedMessage().contains("null Response"), errors.get(0).getFormattedMessage());
    }

    @Test
    void httpStatusExceptionIsStackless() {
        HttpStatusException exception = new HttpStatusException(404, "no todo 7");
        assertEquals(0, exception.getStackTrace().length);
        assertEquals(404, exception.toResponse().status());
    }
}
