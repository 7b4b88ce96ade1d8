package dev.loopline.loadtest.startup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Times one start: from just before the server's process is spawned to the first {@code HTTP/1.1 200} on
 * {@code GET /plaintext}, asked on a new raw socket every ~2 ms (a refused connection costs the server nothing).
 * The process is then stopped by its PID: SIGTERM, and SIGKILL if it is still there after a grace time.
 */
final class FirstResponseClock {

    private static final byte[] REQUEST = "GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private FirstResponseClock() {
    }

    /**
     * Starts {@code command} (in which the word {@code PORT} stands for a free port), waits for the first 200 and
     * stops the process; its output goes to {@code log}. Returns the milliseconds from spawn to the 200.
     *
     * @throws IOException when the server exits, or does not answer 200 within {@code limit}
     */
    static double time(List<String> command, Path log, Duration limit) throws IOException, InterruptedException {
        int port = freePort();
        List<String> withPort = new ArrayList<>(command.size());
        for (String part : command) {
            withPort.add(part.replace("PORT", String.valueOf(port)));
        }
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(withPort).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        long spawned = System.nanoTime();
        Process process = builder.start();
        try {
            long deadline = spawned + limit.toNanos();
            while (true) {
                String status = askOnce(port);
                if (status.startsWith("HTTP/1.1 200")) {
                    return (System.nanoTime() - spawned) / 1e6;
                }
                if (!process.isAlive()) {
                    throw new IOException("the server exited (status " + process.exitValue() + ") before it answered"
                            + " 200; see " + log);
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("no 200 within " + limit.toSeconds() + " s (last answer: '" + status
                            + "'); see " + log);
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        } finally {
            stop(process);
        }
    }

    /** The status line of one request on a new connection, or an empty string when nothing answers yet. */
    private static String askOnce(int port) {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(10_000); // a server that accepted is expected to answer; this only ends a hang
            OutputStream out = socket.getOutputStream();
            out.write(REQUEST);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12]; // "HTTP/1.1 200"
            int read = 0;
            while (read < head.length) {
                int n = in.read(head, read, head.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return new String(head, 0, read, StandardCharsets.US_ASCII);
        } catch (IOException notYet) {
            return ""; // refused (not listening yet), or reset while the server starts
        }
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
