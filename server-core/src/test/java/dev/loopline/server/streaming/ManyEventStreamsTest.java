package dev.loopline.server.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.HttpServer;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.ServerSentEvents;
import dev.loopline.server.ServerSentEvents.EventStream;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.BroadcastClients;
import dev.loopline.testsupport.TestServers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 10 000 open event streams on one server: opened without a thread each, one broadcast reaches them all, and a client
 * that reads nothing does not hold the broadcast up. The clients run in a child process (descriptor limit); the
 * figures are printed for the benchmark notes.
 */
class ManyEventStreamsTest {

    private static final int STREAMS = 10_000;

    @Test
    void oneBroadcastReachesTenThousandStreams() throws Exception {
        List<EventStream> streams = new CopyOnWriteArrayList<>();
        try (HttpServer server = TestServers.start(ServerConfig.builder().maxConnections(STREAMS + 100),
                request -> ServerSentEvents.stream(request, streams::add).completed());
             Socket stalled = new Socket("127.0.0.1", server.port())) {
            // one client that never reads: its events pile up in its own bounded buffer only
            stalled.setReceiveBufferSize(4096);
            stalled.getOutputStream().write("GET /events HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Await.until("the stalled stream is open", () -> streams.size() == 1);
            for (int i = 0; i < 5_000; i++) {
                streams.get(0).send("x".repeat(1024)); // 5 MB it will never read
            }
            long rssBefore = rssKiB();
            int threadsBefore = Thread.activeCount();
            Process clients = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), BroadcastClients.class.getName(),
                    Integer.toString(server.port()), Integer.toString(STREAMS), "events")
                    .redirectErrorStream(true).start();
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(clients.getInputStream(),
                        StandardCharsets.US_ASCII));
                long openStarted = System.nanoTime();
                assertEquals("OPEN " + STREAMS, lines.readLine());
                long openMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openStarted);
                Await.until("every stream is registered", () -> streams.size() == STREAMS + 1);
                long rssGrowth = rssKiB() - rssBefore;
                int threadsAdded = Thread.activeCount() - threadsBefore;

                long sent = System.nanoTime();
                for (EventStream stream : streams) {
                    stream.send("broadcast");
                }
                assertEquals("GOT " + STREAMS, lines.readLine());
                long broadcastMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);

                System.out.printf("SSE FIGURES: %d streams opened in %d ms; RSS +%d KiB (%.1f KiB per stream); "
                                + "threads +%d; one broadcast reached all in %d ms; stalled client dropped %d events%n",
                        STREAMS, openMillis, rssGrowth, rssGrowth / (double) STREAMS, threadsAdded, broadcastMillis,
                        streams.get(0).droppedEvents());
                assertTrue(threadsAdded <= 2, "the streams took " + threadsAdded + " threads");
                assertTrue(streams.get(0).isOpen(), "the stalled client keeps its stream (it only loses events)");
            } finally {
                clients.getOutputStream().close(); // the child exits when its standard input closes
                clients.waitFor(30, TimeUnit.SECONDS);
                clients.destroyForcibly();
            }
            Await.until("the child's connections are gone", () -> server.stats().openConnections() <= 1, server::stats);
        }
    }

    private static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
