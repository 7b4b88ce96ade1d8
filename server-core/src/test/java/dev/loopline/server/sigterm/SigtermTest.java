package dev.loopline.server.sigterm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.testsupport.RawClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM drains by default: a server JVM with no shutdown code of its own, under load, receives SIGTERM; every
 * request it had received is answered, it exits by itself within its grace period with the status 143 of a
 * SIGTERM, and its log says how many requests it drained.
 */
class SigtermTest {

    private static final int REQUESTS = 20;

    @Test
    void aServerUnderLoadDrainsOnSigtermAndExits() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                SigtermServer.class.getName()).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        List<RawClient> clients = new ArrayList<>();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            int port = readPort(lines, output);
            Thread drain = new Thread(() -> collect(lines, output), "child-output");
            drain.setDaemon(true);
            drain.start();
            for (int i = 0; i < REQUESTS; i++) { // each waits 1.5 s in its handler: all in flight at the SIGTERM
                clients.add(new RawClient(port, 20_000).send("GET /slow/" + i + " HTTP/1.1\r\nHost: a\r\n\r\n"));
            }
            Thread.sleep(300); // let the server read them all
            child.toHandle().destroy(); // SIGTERM (Process.destroy would also close the pipe we read the log from)
            int ok = 0;
            for (RawClient client : clients) {
                ok += client.readResponse().status() == 200 ? 1 : 0;
            }
            assertEquals(REQUESTS, ok, "requests answered 200 after SIGTERM");
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the JVM did not exit within its grace period");
            assertEquals(143, child.exitValue(), "the exit status of a JVM ended by SIGTERM");
            drain.join(5_000);
            String log = String.join("\n", snapshot(output));
            assertTrue(log.contains(REQUESTS + " request(s) drained, 0 cut off"), log);
        } finally {
            for (RawClient client : clients) {
                client.close();
            }
            child.destroyForcibly();
        }
    }

    private static int readPort(BufferedReader lines, List<String> output) throws IOException {
        String line;
        while ((line = lines.readLine()) != null) {
            synchronized (output) {
                output.add(line);
            }
            if (line.startsWith("PORT ")) {
                return Integer.parseInt(line.substring(5).trim());
            }
        }
        throw new IllegalStateException("the child ended before it listened: " + snapshot(output));
    }

    private static void collect(BufferedReader lines, List<String> output) {
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
            }
        } catch (IOException ended) {
            // the child has gone
        }
    }

    private static List<String> snapshot(List<String> output) {
        synchronized (output) {
            return new ArrayList<>(output);
        }
    }
}
