package dev.loopline.loadtest.servers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * {@code server NAME --port N [--tls ENGINE --cert FILE --key FILE]}: starts one bench server on 127.0.0.1, prints {@code DETAILS NAME ...} and then
 * {@code READY NAME PORT}, and runs until the process is told to stop (SIGTERM runs the shutdown hook). Each line
 * {@value #ALLOCATED_QUERY} on its standard input is answered with {@code ALLOCATED BYTES}: the heap this JVM has
 * allocated so far (see {@link HeapAllocation}).
 */
public final class ServerCommand {

    /** The runner's question on the server's standard input. */
    public static final String ALLOCATED_QUERY = "ALLOCATED?";
    /** The start of the server's answer line, followed by a number of bytes. */
    public static final String ALLOCATED_ANSWER = "ALLOCATED ";

    private ServerCommand() {
    }

    public static void run(String[] args) throws Exception {
        String usage = "usage: server NAME --port N [--tls openssl|jdk --cert CHAIN.pem --key KEY.pem]   (NAME: "
                + ServerKind.names() + ")";
        if ((args.length != 3 && args.length != 9) || !"--port".equals(args[1])) {
            throw new IllegalArgumentException(usage);
        }
        ServerKind kind = ServerKind.byName(args[0]);
        int port = Integer.parseInt(args[2]);
        BenchTls tls = null;
        if (args.length == 9) {
            if (!"--tls".equals(args[3]) || !"--cert".equals(args[5]) || !"--key".equals(args[7])) {
                throw new IllegalArgumentException(usage);
            }
            tls = new BenchTls(BenchTls.Engine.of(args[4]), java.nio.file.Path.of(args[6]),
                    java.nio.file.Path.of(args[8]));
        }
        JsonPayload.helloJson(); // Jackson introspects on first use: before READY, not inside the first request
        CpuWork.sha256Chain(1);
        RunningServer server = kind.start(port, tls);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "bench-server-stop"));
        System.out.println("DETAILS " + kind.benchName() + " java=" + Runtime.version() + " cores="
                + Runtime.getRuntime().availableProcessors() + " " + server.details());
        System.out.println("READY " + kind.benchName() + " " + server.port());
        System.out.flush();
        answerQueries(); // on the main thread, which has nothing else to do: no thread is added to any server
        stopped.await(); // standard input has ended; the server's own threads serve until SIGTERM
    }

    /** Answers the runner's allocation queries until standard input ends. */
    private static void answerQueries() throws IOException {
        BufferedReader queries = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        for (String line = queries.readLine(); line != null; line = queries.readLine()) {
            if (line.equals(ALLOCATED_QUERY)) {
                System.out.println(ALLOCATED_ANSWER + HeapAllocation.allocatedBytes());
                System.out.flush();
            }
        }
    }
}
