package dev.loopline.server.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.HttpServer;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.WebSocket;
import dev.loopline.server.WebSocketListener;
import dev.loopline.server.WebSocketOptions;
import dev.loopline.server.WebSockets;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.BroadcastClients;
import dev.loopline.testsupport.TestServers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 10 000 idle WebSocket sessions on one server: no thread each, memory per session measured, one broadcast reaches
 * them all. The clients run in a child process (descriptor limit); the figures are printed for the benchmark notes.
 */
class ManyWebSocketsTest {

    private static final int SESSIONS = 10_000;

    @Test
    void tenThousandIdleSessionsCostNoThreadAndOneBroadcastReachesThemAll() throws Exception {
        List<WebSocket> sessions = new CopyOnWriteArrayList<>();
        WebSocketListener register = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket session) {
                sessions.add(session);
            }
        };
        try (HttpServer server = TestServers.start(ServerConfig.builder().maxConnections(SESSIONS + 100),
                request -> WebSockets.upgrade(request, WebSocketOptions.defaults(), register))) {
            System.gc();
            long rssBefore = rssKiB();
            long heapBefore = usedHeap();
            int threadsBefore = Thread.activeCount();
            Process clients = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), BroadcastClients.class.getName(),
                    Integer.toString(server.port()), Integer.toString(SESSIONS), "websocket")
                    .redirectErrorStream(true).start();
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(clients.getInputStream(),
                        StandardCharsets.US_ASCII));
                long openStarted = System.nanoTime();
                assertEquals("OPEN " + SESSIONS, lines.readLine());
                long openMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openStarted);
                Await.until("every session is open", () -> sessions.size() == SESSIONS);
                assertEquals(SESSIONS, server.stats().webSocketSessions());
                System.gc();
                long rssGrowth = rssKiB() - rssBefore;
                long heapGrowth = usedHeap() - heapBefore;
                int threadsAdded = Thread.activeCount() - threadsBefore;

                long sent = System.nanoTime();
                for (WebSocket session : sessions) {
                    session.sendText("broadcast");
                }
                assertEquals("GOT " + SESSIONS, lines.readLine());
                long broadcastMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
                System.out.printf("WEBSOCKET FIGURES: %d sessions opened in %d ms; RSS +%d KiB (%.1f KiB per"
                                + " session); heap after GC +%d KiB (%.1f KiB per session); threads +%d; one broadcast"
                                + " reached all in %d ms%n", SESSIONS, openMillis, rssGrowth,
                        rssGrowth / (double) SESSIONS, heapGrowth / 1024, heapGrowth / 1024.0 / SESSIONS, threadsAdded,
                        broadcastMillis);
                assertTrue(threadsAdded <= 2, "the sessions took " + threadsAdded + " threads");
                assertEquals(SESSIONS, server.stats().webSocketMessagesOut());
            } finally {
                clients.getOutputStream().close(); // the child exits when its standard input closes
                clients.waitFor(30, TimeUnit.SECONDS);
                clients.destroyForcibly();
            }
            Await.until("the sessions are gone", () -> server.stats().webSocketSessions() == 0, server::stats);
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
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
