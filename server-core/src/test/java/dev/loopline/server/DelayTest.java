package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.TestServers;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Delay: the value is computed on the connection's own loop, later, with no thread waiting for it. */
class DelayTest {

    @Test
    void completesOnTheConnectionsLoop() throws Exception {
        try (HttpServer server = TestServers.start(request -> Delay.after(request, Duration.ofMillis(50),
                () -> Response.text("answered on " + Thread.currentThread().getName())));
             RawClient client = new RawClient(server.port())) {
            String body = client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n").bodyText();
            assertTrue(body.startsWith("answered on loopline-loop-"), body);
        }
    }

    @Test
    void aThrowingSupplierFailsTheStage() throws Exception {
        try (HttpServer server = TestServers.start(request -> Delay.after(request, Duration.ZERO, () -> {
            throw new HttpStatusException(409, "too late");
        })); RawClient client = new RawClient(server.port())) {
            assertEquals(409, client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n").status());
        }
    }

    @Test
    void worksWithoutAServerAndRejectsNegativeDelays() throws Exception {
        Request request = Request.builder("GET", "/").build();
        assertEquals("later", Delay.after(request, Duration.ofMillis(10), () -> "later").toCompletableFuture()
                .get(10, TimeUnit.SECONDS));
        assertThrows(IllegalArgumentException.class, () -> Delay.after(request, Duration.ofMillis(-1), () -> "x"));
        ExecutionException failed = assertThrows(ExecutionException.class, () -> Delay.after(request, Duration.ZERO,
                () -> {
                    throw new IllegalStateException("boom");
                }).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals("boom", failed.getCause().getMessage());
    }
}
