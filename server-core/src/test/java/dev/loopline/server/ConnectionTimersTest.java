package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.TestServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Timers belong to their connection: a client that leaves takes its Delay and its handler timeout with it. */
class ConnectionTimersTest {

    private static final byte[] REQUEST = "GET /wait HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int CONNECTIONS = 10_000;
    private static final int BATCH = 500;

    @Test
    void tenThousandClientsThatLeaveDuringADelayLeaveNoTimerBehind() throws Exception {
        try (HttpServer server = TestServers.start(ServerConfig.builder().handlerTimeout(Duration.ofSeconds(60)),
                request -> Delay.after(request, Duration.ofSeconds(30), () -> Response.text("too late")))) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
            for (int sent = 0; sent < CONNECTIONS; sent += BATCH) {
                List<SocketChannel> batch = new ArrayList<>(BATCH);
                try {
                    for (int i = 0; i < BATCH; i++) {
                        SocketChannel channel = SocketChannel.open(address);
                        channel.write(ByteBuffer.wrap(REQUEST));
                        batch.add(channel);
                    }
                    long expected = sent + BATCH;
                    // every request of the batch is waiting in its Delay, with its handler timeout armed
                    Await.until("the batch's requests are in their delays",
                            () -> server.stats().requestsTotal() == expected
                                    && server.stats().pendingTimers() == 2L * BATCH, server::stats);
                } finally {
                    for (SocketChannel channel : batch) {
                        resetAndClose(channel);
                    }
                }
                Await.until("the batch's connections are gone", () -> server.stats().openConnections() == 0,
                        server::stats);
            }
            Await.until("no timer is left", () -> server.stats().pendingTimers() == 0, server::stats);
            assertEquals(0, server.stats().requestsInFlight());
        }
    }

    @Test
    void aDelayWhoseConnectionClosedFailsItsStage() throws Exception {
        CompletableFuture<CompletionStage<Response>> delay = new CompletableFuture<>();
        try (HttpServer server = TestServers.start(request -> {
            CompletionStage<Response> stage = Delay.after(request, Duration.ofSeconds(30),
                    () -> Response.text("too late"));
            delay.complete(stage);
            return stage;
        })) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
            channel.write(ByteBuffer.wrap(REQUEST));
            CompletableFuture<Response> stage = delay.get(10, TimeUnit.SECONDS).toCompletableFuture();
            resetAndClose(channel);
            Throwable failure = stage.handle((response, error) -> error).get(10, TimeUnit.SECONDS);
            assertTrue(failure instanceof CancellationException, String.valueOf(failure));
            Await.until("no timer is left", () -> server.stats().pendingTimers() == 0, server::stats);
        }
    }

    /** A close with SO_LINGER 0: a reset, a client that has gone (a FIN alone would be a half-close). */
    private static void resetAndClose(SocketChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        channel.close();
    }
}
