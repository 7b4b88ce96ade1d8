package dev.loopline.loadtest.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.loadtest.driver.HttpLoad;
import dev.loopline.loadtest.driver.LoadSpec;
import dev.loopline.loadtest.report.Measurement;
import dev.loopline.loadtest.servers.BenchContract;
import dev.loopline.loadtest.servers.ServerKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heap-per-request column measures what it says: the Loopline bench server, in its own JVM as the runner starts
 * it, answers {@code /allocate?bytes=N} after allocating an N-byte array, and the runner's window over the same
 * load shows 64 KiB more per request for N = 65 536 than for N = 0 (within 5 %). Two short fixed windows of a
 * closed loop on 8 connections: the test takes about ten seconds.
 */
class HeapAllocationColumnTest {

    private static final int EXTRA_BYTES = 64 * 1024;
    private static final Duration WINDOW = Duration.ofSeconds(1);

    @Test
    void anEndpointThatAllocates64KiBMorePerRequestShowsUpAs64KiBMoreInTheColumn(@TempDir Path out) throws Exception {
        List<Integer> cpus = ProcFs.allowedCpus();
        CpuPlan unpinned = new CpuPlan(cpus, cpus, false, "not pinned: a test");
        ServerLaunch launch = ServerLaunch.of(unpinned, JavaRuntimes.choose(Optional.empty()), List.of());
        try (ServerProcess server = ServerProcess.start(ServerKind.LOOPLINE, List.of(), launch,
                out.resolve("loopline.log"), Duration.ofSeconds(60))) {
            Session session = new Session(ServerKind.LOOPLINE, Listener.CLEARTEXT, server, 1, RunPlan.quick(),
                    unpinned, Optional.empty(), new Progress(System.out, 1), note -> { });

            double plain = heapPerRequest(session, 0);
            double allocating = heapPerRequest(session, EXTRA_BYTES);

            assertTrue(plain > 0, "a request costs some heap: " + plain);
            assertEquals(EXTRA_BYTES, allocating - plain, 0.05 * EXTRA_BYTES,
                    "heap per request: " + plain + " B without, " + allocating + " B with the 64 KiB array");
        }
    }

    private static double heapPerRequest(Session session, int bytes) throws Exception {
        String target = BenchContract.ALLOCATE_PATH + "?" + BenchContract.ALLOCATE_PARAM + "=" + bytes;
        try (HttpLoad load = HttpLoad.start(LoadSpec.closedLoop(session.url(target), 8), 1)) {
            boolean quiet = session.warmUp(load, Duration.ofMillis(500), Duration.ofSeconds(2));
            Measurement window = session.measure(load, WINDOW, "allocation", target, quiet, Map.of());
            session.add(window);
            assertTrue(window.okResponses() > 100, "the server answered " + window.okResponses() + " requests");
            assertEquals(0, window.errors() + window.non200(), "failed requests in the window");
            return window.allocatedBytesPerRequest();
        }
    }
}
