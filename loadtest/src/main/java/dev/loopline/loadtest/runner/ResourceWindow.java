package dev.loopline.loadtest.runner;

import java.io.IOException;
import java.util.List;

/**
 * CPU, steal, memory and heap allocation around one measured window: from /proc, the server's own CPU time (which
 * steal barely distorts), the steal on its cores and the load generator's CPU share; from the server's JVM, the
 * heap it allocated (its per-thread allocation counters, read before and after; see {@link ServerProcess}).
 */
final class ResourceWindow {

    /** What the window cost; {@code allocatedBytesPerRequest} is NaN for a server without a Java heap. */
    record Usage(double serverCpuMicrosPerRequest, double allocatedBytesPerRequest, double serverCpuPercent,
                 double stealPercent, double otherCpuPercent, double loadCpuPercent, double loadOtherCpuPercent,
                 long rssBytes, int threads) {
    }

    private final ServerProcess server;
    private final long serverPid;
    private final CpuPlan cpus;
    private final long startNanos;
    private final long serverTicks;
    private final long loadTicks;
    private final ProcFs.CpuTicks stealTicks;
    private final ProcFs.CpuTicks loadCpuTicks;
    private final long allocatedBytes;

    private ResourceWindow(ServerProcess server, CpuPlan cpus) throws IOException, InterruptedException {
        this.server = server;
        this.serverPid = server.pid();
        this.cpus = cpus;
        this.serverTicks = ProcFs.cpuTicks(serverPid);
        this.loadTicks = ProcFs.selfAndChildrenCpuTicks();
        this.stealTicks = ProcFs.cpuTicksOf(cpus.serverStealCpus());
        this.loadCpuTicks = ProcFs.cpuTicksOf(cpus.pinned() ? cpus.loadCpus() : List.of());
        this.startNanos = System.nanoTime();
        this.allocatedBytes = server.allocatedBytes(); // last: as close as it gets to the load window's start
    }

    static ResourceWindow begin(ServerProcess server, CpuPlan cpus) throws IOException, InterruptedException {
        return new ResourceWindow(server, cpus);
    }

    /** Ends the window; {@code responses} is every response the server sent in it. */
    Usage end(long responses) throws IOException, InterruptedException {
        long allocatedNow = allocatedBytes < 0 ? -1 : server.allocatedBytes(); // first: close to the window's end
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long serverDelta = ProcFs.cpuTicks(serverPid) - serverTicks;
        long loadDelta = ProcFs.selfAndChildrenCpuTicks() - loadTicks;
        ProcFs.CpuTicks cpuTicks = ProcFs.cpuTicksOf(cpus.serverStealCpus());
        double steal = cpuTicks.stealPercentSince(stealTicks);
        // Whatever ran on the server's CPUs besides the server (and, unpinned, the load): other people's work.
        long others = cpuTicks.busySince(stealTicks) - serverDelta - (cpus.pinned() ? 0 : loadDelta);
        double otherPercent = Math.max(0, 100.0 * others / Math.max(1, cpuTicks.totalSince(stealTicks)));
        // The same on the load generator's CPUs: a starved client understates every server alike.
        ProcFs.CpuTicks loadCpuNow = ProcFs.cpuTicksOf(cpus.pinned() ? cpus.loadCpus() : List.of());
        long loadOthers = loadCpuNow.busySince(loadCpuTicks) - loadDelta - (cpus.pinned() ? 0 : serverDelta);
        double loadOtherPercent = Math.max(0,
                100.0 * loadOthers / Math.max(1, loadCpuNow.totalSince(loadCpuTicks)));
        double serverSeconds = (double) serverDelta / ProcFs.TICKS_PER_SECOND;
        double loadSeconds = (double) loadDelta / ProcFs.TICKS_PER_SECOND;
        int serverCores = Math.max(1, cpus.serverCpus().size());
        int loadCores = Math.max(1, cpus.loadCpus().size());
        double allocatedPerRequest = allocatedBytes < 0 || allocatedNow < 0 || responses == 0 ? Double.NaN
                : (double) (allocatedNow - allocatedBytes) / responses;
        return new Usage(responses == 0 ? Double.NaN : serverSeconds * 1e6 / responses, allocatedPerRequest,
                100 * serverSeconds / (seconds * serverCores), steal, otherPercent,
                100 * loadSeconds / (seconds * loadCores), loadOtherPercent,
                ProcFs.rssBytes(serverPid), ProcFs.threads(serverPid));
    }
}
