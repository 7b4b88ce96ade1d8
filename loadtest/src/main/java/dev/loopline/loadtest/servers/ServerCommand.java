package dev.loopline.loadtest.servers;

import java.util.concurrent.CountDownLatch;

/**
 * {@code server NAME --port N}: starts one bench server on 127.0.0.1, prints {@code DETAILS NAME ...} and then
 * {@code READY NAME PORT}, and runs until the process is told to stop (SIGTERM runs the shutdown hook).
 */
public final class ServerCommand {

    private ServerCommand() {
    }

    public static void run(String[] args) throws Exception {
        if (args.length != 3 || !"--port".equals(args[1])) {
            throw new IllegalArgumentException("usage: server NAME --port N   (NAME: " + ServerKind.names() + ")");
        }
        ServerKind kind = ServerKind.byName(args[0]);
        int port = Integer.parseInt(args[2]);
        JsonPayload.helloJson(); // Jackson introspects on first use: before READY, not inside the first request
        CpuWork.sha256Chain(1);
        RunningServer server = kind.start(port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "bench-server-stop"));
        System.out.println("DETAILS " + kind.benchName() + " java=" + Runtime.version() + " cores="
                + Runtime.getRuntime().availableProcessors() + " " + server.details());
        System.out.println("READY " + kind.benchName() + " " + server.port());
        System.out.flush();
        stopped.await(); // the main thread has nothing else to do; the server's own threads serve
    }
}
