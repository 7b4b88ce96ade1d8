package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.servers.ServerCommand;
import dev.loopline.loadtest.servers.ServerKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One bench server in its own process, pinned to the server CPUs and stopped by its PID: a Java server in its own
 * JVM with the shared JVM flags, ready when it prints {@code READY}; or nginx, ready when its port accepts a
 * connection. Its output goes to a log file.
 */
final class ServerProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration ALLOCATION_ANSWER_LIMIT = Duration.ofSeconds(5);

    private final Process process;
    private final int port;
    private final boolean jvm;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final BlockingQueue<Long> allocationAnswers = new ArrayBlockingQueue<>(4);
    private volatile String details = "";

    private ServerProcess(Process process, int port, boolean jvm, Path logFile) {
        this.process = process;
        this.port = port;
        this.jvm = jvm;
        Thread pump = new Thread(() -> copyOutput(logFile), "server-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts Java server {@code kind} on a free port and waits for its READY line; {@code listenerArguments} are
     * added to its command ({@code --tls ...} for a TLS listener, else none).
     */
    static ServerProcess start(ServerKind kind, List<String> listenerArguments, ServerLaunch launch, Path logFile,
                               Duration readyTimeout) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(launch.prefix());
        command.add(launch.java().toString());
        command.addAll(launch.jvmFlags());
        command.addAll(List.of("-cp", launch.classpath(), "dev.loopline.loadtest.Main", "server", kind.benchName(),
                "--port", String.valueOf(port)));
        command.addAll(listenerArguments);
        Files.createDirectories(logFile.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ServerProcess server = new ServerProcess(process, port, true, logFile);
        if (!server.ready.await(readyTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            server.close();
            throw new IOException(kind.benchName() + " printed no READY line within " + readyTimeout.toSeconds()
                    + " s (exit " + (process.isAlive() ? "none, still running" : process.exitValue())
                    + "); see " + logFile);
        }
        return server;
    }

    /** Starts nginx on a free port, pinned like the Java servers, and waits until the port accepts connections. */
    static ServerProcess startNginx(Nginx nginx, List<String> pinning, Path directory, Path logFile,
                                    Duration readyTimeout) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(pinning);
        command.addAll(nginx.command(directory, port));
        Files.createDirectories(logFile.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ServerProcess server = new ServerProcess(process, port, false, logFile);
        server.details = nginx.details();
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        while (!accepts(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IOException("nginx did not listen on port " + port + " within " + readyTimeout.toSeconds()
                        + " s (exit " + (process.isAlive() ? "none, still running" : process.exitValue())
                        + "); see " + logFile);
            }
            Thread.sleep(20);
        }
        return server;
    }

    private static boolean accepts(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private void copyOutput(Path logFile) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (jvm && line.startsWith(ServerCommand.ALLOCATED_ANSWER)) {
                    allocationAnswers.offer(Long.parseLong(line.substring(ServerCommand.ALLOCATED_ANSWER.length())));
                    continue; // two per window: not worth a line in the log
                }
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

    /**
     * The heap bytes the server's JVM has allocated since it started (see {@code HeapAllocation}), or -1 when it
     * has no Java heap (nginx) or did not answer within a few seconds.
     */
    long allocatedBytes() throws IOException, InterruptedException {
        if (!jvm || !process.isAlive()) {
            return -1;
        }
        allocationAnswers.clear(); // a late answer to an earlier query
        OutputStream queries = process.getOutputStream();
        queries.write((ServerCommand.ALLOCATED_QUERY + "\n").getBytes(StandardCharsets.US_ASCII));
        queries.flush();
        Long answer = allocationAnswers.poll(ALLOCATION_ANSWER_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        return answer == null ? -1 : answer;
    }

    /** Whether the server runs on a JVM (it has a heap to measure). */
    boolean isJvm() {
        return jvm;
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
