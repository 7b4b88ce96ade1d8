package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.driver.HttpLoad;
import dev.loopline.loadtest.driver.LoadSpec;
import dev.loopline.loadtest.servers.BenchContract;
import dev.loopline.loadtest.servers.ServerKind;
import java.util.Set;

/**
 * A 1 MiB response, closed loop, as fast as it goes, on the servers that have the endpoint:
 * <ul>
 *   <li>download: streamed as 64 chunks of 16 KiB; Loopline through {@code Body.stream} (a publisher, with
 *       backpressure at the write-buffer water marks), raw Netty writing the same chunks at once. Goal 0.9x.
 *   <li>static-file: a file; Loopline's {@code StaticFiles}, raw Netty's {@code DefaultFileRegion} and nginx, all
 *       with sendfile. Goal 0.8x nginx.
 * </ul>
 */
final class LargeBodyScenario implements Scenario {

    private final String name;
    private final String target;
    private final int connections;
    private final Set<ServerKind> servers;
    private final String what;

    private LargeBodyScenario(String name, String target, int connections, Set<ServerKind> servers, String what) {
        this.name = name;
        this.target = target;
        this.connections = connections;
        this.servers = servers;
        this.what = what;
    }

    static LargeBodyScenario download() {
        return new LargeBodyScenario("download", BenchContract.DOWNLOAD_PATH, 16,
                Set.of(ServerKind.LOOPLINE, ServerKind.NETTY_RAW), "1 MiB streamed in 64 chunks of 16 KiB: "
                + "Loopline's streamed-body path (a publisher, backpressure) against raw Netty writing the same "
                + "chunks at once; goal 0.9x or better.");
    }

    static LargeBodyScenario staticFile() {
        return new LargeBodyScenario("static-file", BenchContract.FILE_PATH, 64,
                Set.of(ServerKind.LOOPLINE, ServerKind.NETTY_RAW, ServerKind.NGINX), "a 1 MiB file, sendfile "
                + "everywhere: Loopline's StaticFiles (ETag, Last-Modified, opened off the loop) against raw Netty's "
                + "DefaultFileRegion and nginx; goal 0.8x nginx or better.");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "GET " + target + ", closed loop on " + connections + " connections: " + what;
    }

    @Override
    public boolean appliesTo(ServerKind kind) {
        return servers.contains(kind);
    }

    @Override
    public void run(Session session) throws Exception {
        if (session.wrk.isPresent()) {
            session.add(session.measureWithWrk(target, connections, 1, name));
            return;
        }
        session.addThroughput(HttpLoad.start(LoadSpec.closedLoop(session.url(target), connections),
                session.loadThreads()), name, "");
    }
}
