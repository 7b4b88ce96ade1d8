package dev.loopline.loadtest.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Which CPUs run the load and which the server. With taskset and two or more CPUs, the runner (the Java load
 * generator, and wrk) keeps the first half and each server gets the rest, so they never compete for a core.
 *
 * @param loadCpus CPUs of the load generator; all allowed CPUs when not pinned
 * @param serverCpus CPUs of the server; all allowed CPUs when not pinned
 * @param pinned whether taskset separates them
 * @param note one line for the report saying what was done, and why not when it was not
 */
record CpuPlan(List<Integer> loadCpus, List<Integer> serverCpus, boolean pinned, String note) {

    static CpuPlan detect() {
        List<Integer> allowed = ProcFs.available() ? ProcFs.allowedCpus() : List.of();
        int cores = allowed.isEmpty() ? Runtime.getRuntime().availableProcessors() : allowed.size();
        Path taskset = findTaskset();
        if (taskset == null || allowed.size() < 2) {
            String why = taskset == null ? "taskset is not installed (util-linux)" : "only " + cores + " CPU allowed";
            return new CpuPlan(allowed, allowed, false, "not pinned: " + why + "; load and server share the CPUs");
        }
        int loadCount = allowed.size() / 2;
        List<Integer> load = allowed.subList(0, loadCount);
        List<Integer> server = allowed.subList(loadCount, allowed.size());
        return new CpuPlan(List.copyOf(load), List.copyOf(server), true,
                "pinned with taskset: load on CPU " + CpuList.format(load) + ", server on CPU "
                        + CpuList.format(server));
    }

    /** Moves every thread of this JVM (the Java load generator) onto the load CPUs. */
    void pinThisProcess() throws IOException, InterruptedException {
        if (!pinned) {
            return;
        }
        Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", CpuList.format(loadCpus),
                String.valueOf(ProcessHandle.current().pid())).redirectErrorStream(true).start();
        String output = new String(taskset.getInputStream().readAllBytes());
        if (!taskset.waitFor(10, TimeUnit.SECONDS) || taskset.exitValue() != 0) {
            throw new IOException("taskset could not pin the load generator: " + output);
        }
    }

    /** The command prefix that starts a server on the server CPUs. */
    List<String> serverPrefix() {
        return pinned ? List.of("taskset", "-c", CpuList.format(serverCpus)) : List.of();
    }

    /** The command prefix that starts wrk on the load CPUs. */
    List<String> loadPrefix() {
        return pinned ? List.of("taskset", "-c", CpuList.format(loadCpus)) : List.of();
    }

    /** CPUs whose steal is charged to the server: its own when pinned, else the machine's (empty = all). */
    List<Integer> serverStealCpus() {
        return pinned ? serverCpus : List.of();
    }

    private static Path findTaskset() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "taskset");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
