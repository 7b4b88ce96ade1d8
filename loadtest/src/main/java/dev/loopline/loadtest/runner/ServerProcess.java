package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.servers.ServerKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One bench server in its own JVM: started with the shared JVM flags (pinned to the server CPUs), ready when it
 * prints {@code READY}, stopped by its PID. Its output goes to a log file.
 */
final class ServerProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final Process process;
    private final int port;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile String details = "";

    private ServerProcess(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        Thread pump = new Thread(() -> copyOutput(logFile), "server-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code kind} on a free port and waits for its READY line. */
    static ServerProcess start(ServerKind kind, ServerLaunch launch, Path logFile, Duration readyTimeout)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(launch.prefix());
        command.add(launch.java().toString());
        command.addAll(launch.jvmFlags());
        command.addAll(List.of("-cp", launch.classpath(), "dev.loopline.loadtest.Main", "server", kind.benchName(),
                "--port", String.valueOf(port)));
        Files.createDirectories(logFile.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ServerProcess server = new ServerProcess(process, port, logFile);
        if (!server.ready.await(readyTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            server.close();
            throw new IOException(kind.benchName() + " printed no READY line within " + readyTimeout.toSeconds()
                    + " s (exit " + (process.isAlive() ? "none, still running" : process.exitValue())
                    + "); see " + logFile);
        }
        return server;
    }

    private void copyOutput(Path logFile) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                log.println(line);
                if (line.startsWith("DETAILS ")) {
                    details = line.substring("DETAILS ".length());
                } else if (line.startsWith("READY ")) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // the server's output ended (it stopped); what it printed so far is in the log
        }
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The server's DETAILS line: its runtime, cores, transport and threads. */
    String details() {
        return details;
    }

    /** SIGTERM to the server's PID (a graceful stop), then SIGKILL if it is still there after the grace time. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
