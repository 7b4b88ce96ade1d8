package dev.loopline.loadtest.runner;

import java.util.List;

/**
 * CPU, steal and memory around one measured window, read from /proc: the server's own CPU time (which steal
 * barely distorts), the steal on its cores, and the load generator's CPU share.
 */
final class ResourceWindow {

    /** What the window cost. */
    record Usage(double serverCpuMicrosPerRequest, double serverCpuPercent, double stealPercent,
                 double otherCpuPercent, double loadCpuPercent, double loadOtherCpuPercent, long rssBytes,
                 int threads) {
    }

    private final long serverPid;
    private final CpuPlan cpus;
    private final long startNanos;
    private final long serverTicks;
    private final long loadTicks;
    private final ProcFs.CpuTicks stealTicks;
    private final ProcFs.CpuTicks loadCpuTicks;

    private ResourceWindow(long serverPid, CpuPlan cpus) {
        this.serverPid = serverPid;
        this.cpus = cpus;
        this.serverTicks = ProcFs.cpuTicks(serverPid);
        this.loadTicks = ProcFs.selfAndChildrenCpuTicks();
        this.stealTicks = ProcFs.cpuTicksOf(cpus.serverStealCpus());
        this.loadCpuTicks = ProcFs.cpuTicksOf(cpus.pinned() ? cpus.loadCpus() : List.of());
        this.startNanos = System.nanoTime();
    }

    static ResourceWindow begin(long serverPid, CpuPlan cpus) {
        return new ResourceWindow(serverPid, cpus);
    }

    /** Ends the window; {@code responses} is every response the server sent in it. */
    Usage end(long responses) {
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
        return new Usage(responses == 0 ? Double.NaN : serverSeconds * 1e6 / responses,
                100 * serverSeconds / (seconds * serverCores), steal, otherPercent,
                100 * loadSeconds / (seconds * loadCores), loadOtherPercent,
                ProcFs.rssBytes(serverPid), ProcFs.threads(serverPid));
    }
}
