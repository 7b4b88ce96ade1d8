package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client that pipelines requests and then shuts down its write side (it has sent all it will send) gets every
 * response, those produced at once, later on another thread, on the CPU pool and on the blocking executor alike,
 * in request order; then the server closes. On each transport the server uses: io_uring and epoll report the end
 * of input differently, and NIO is the fallback.
 */
class HalfCloseTest {

    private static final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    private static CompletableFuture<Response> handle(Request request) {
        switch (request.path()) {
            case "/later": {
                CompletableFuture<Response> later = new CompletableFuture<>();
                timer.schedule(() -> later.complete(Response.text("later")), 300, TimeUnit.MILLISECONDS);
                return later;
            }
            case "/delay":
                return Delay.after(request, Duration.ofMillis(200), () -> Response.text("delay"))
                        .toCompletableFuture();
            default:
                return CompletableFuture.completedFuture(Response.text(request.path().substring(1)));
        }
    }

    private static Response sleepThen(String body) {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Response.text(body);
    }

    @AfterAll
    static void stopTimer() {
        timer.shutdownNow();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = {"IO_URING", "EPOLL", "NIO"})
    void everyPipelinedResponseArrivesInOrderBeforeTheClose(Transport transport) throws Exception {
        Handler cpu = Offload.cpu(request -> sleepThen("cpu").completed());
        Handler blocking = Offload.blocking(request -> sleepThen("blocking").completed());
        Handler handler = request -> request.path().equals("/cpu") ? cpu.handle(request)
                : request.path().equals("/blocking") ? blocking.handle(request) : handle(request);
        HttpServer server;
        try {
            server = TestServers.start(ServerConfig.builder().transport(transport).eventLoops(1), handler);
        } catch (IllegalStateException unavailable) {
            assumeTrue(false, unavailable.getMessage());
            return;
        }
        List<String> paths = List.of("/later", "/now", "/cpu", "/delay", "/blocking", "/last");
        try (server; RawClient client = new RawClient(server.port())) {
            assertEquals(transport, server.transport());
            client.send(paths.stream().map(path -> "GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n")
                    .collect(Collectors.joining()));
            client.socket().shutdownOutput();
            List<RawResponse> responses = client.readResponsesUntilClosed();
            assertEquals(List.of("later", "now", "cpu", "delay", "blocking", "last"),
                    responses.stream().map(RawResponse::bodyText).collect(Collectors.toList()));
            assertEquals("close", responses.get(responses.size() - 1).header("Connection"));
            Await.until("nothing left in flight or open", () -> server.stats().requestsInFlight() == 0
                    && server.stats().openConnections() == 0, server::stats);
        }
    }
}
