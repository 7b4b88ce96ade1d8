package dev.loopline.loadtest.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads what the runner needs from Linux's /proc: CPU ticks, memory, threads, steal, limits. */
final class ProcFs {

    /** USER_HZ: the unit of every CPU time in /proc; 100 on every Linux that matters. */
    static final long TICKS_PER_SECOND = 100;

    private ProcFs() {
    }

    static boolean available() {
        return Files.isReadable(Path.of("/proc/self/stat")) && Files.isReadable(Path.of("/proc/stat"));
    }

    /** User + system CPU ticks of process {@code pid} (all its threads). */
    static long cpuTicks(long pid) {
        String[] fields = statFields(Path.of("/proc", String.valueOf(pid), "stat"));
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** User + system ticks of this JVM plus those of its children that have exited (wrk). */
    static long selfAndChildrenCpuTicks() {
        String[] fields = statFields(Path.of("/proc/self/stat"));
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                + Long.parseLong(fields[14]);
    }

    static long rssBytes(long pid) {
        return statusValue(pid, "VmRSS:") * 1024;
    }

    static int threads(long pid) {
        return (int) statusValue(pid, "Threads:");
    }

    /** Open file descriptors (sockets included) of process {@code pid}. */
    static int openFiles(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the files of " + pid, e);
        }
    }

    /** CPU ticks of the JIT compiler threads of a JVM, by thread id (threads come and go). */
    static Map<Long, Long> compilerThreadTicks(long pid) {
        Map<Long, Long> ticks = new HashMap<>();
        Path tasks = Path.of("/proc", String.valueOf(pid), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) threads::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks.put(Long.parseLong(task.getFileName().toString()),
                                Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                    }
                } catch (IOException threadEnded) {
                    // a compiler thread that exited between list and read has nothing more to add
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the threads of " + pid, e);
        }
        return ticks;
    }

    /** Steal, idle and total ticks summed over {@code cpus} (all CPUs when empty), from /proc/stat. */
    static CpuTicks cpuTicksOf(List<Integer> cpus) {
        long steal = 0;
        long idle = 0;
        long total = 0;
        for (String line : readLines(Path.of("/proc/stat"))) {
            if (!line.startsWith("cpu")) {
                continue;
            }
            String[] fields = line.trim().split("\\s+");
            boolean wanted = cpus.isEmpty() ? fields[0].equals("cpu")
                    : fields[0].length() > 3 && cpus.contains(Integer.parseInt(fields[0].substring(3)));
            if (!wanted) {
                continue;
            }
            for (int i = 1; i <= 8 && i < fields.length; i++) { // guest time is already inside user time
                total += Long.parseLong(fields[i]);
            }
            steal += fields.length > 8 ? Long.parseLong(fields[8]) : 0;
            idle += Long.parseLong(fields[4]) + (fields.length > 5 ? Long.parseLong(fields[5]) : 0);
        }
        return new CpuTicks(steal, idle, total);
    }

    /** Steal, idle (with iowait) and total CPU ticks of some CPUs. */
    record CpuTicks(long steal, long idle, long total) {
        double stealPercentSince(CpuTicks before) {
            long totalDelta = total - before.total;
            return totalDelta <= 0 ? 0 : 100.0 * (steal - before.steal) / totalDelta;
        }

        /** Ticks the CPUs ran anything (neither idle nor stolen) since {@code before}. */
        long busySince(CpuTicks before) {
            return (total - before.total) - (idle - before.idle) - (steal - before.steal);
        }

        long totalSince(CpuTicks before) {
            return total - before.total;
        }
    }

    /** The soft limit on open files of this process (children inherit it). */
    static long maxOpenFiles() {
        for (String line : readLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return "unlimited".equals(soft) ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return 1024;
    }

    /** The CPUs this process may run on, from Cpus_allowed_list ("0-1", "0,2-3"). */
    static List<Integer> allowedCpus() {
        for (String line : readLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return CpuList.parse(line.substring("Cpus_allowed_list:".length()).trim());
            }
        }
        return List.of();
    }

    static String cpuModel() {
        return readLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
    }

    static String kernel() {
        List<String> lines = readLines(Path.of("/proc/sys/kernel/osrelease"));
        return lines.isEmpty() ? "unknown" : lines.get(0).trim();
    }

    private static long statusValue(long pid, String field) {
        for (String line : readLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        return 0;
    }

    /** The fields after "pid (comm) ", numbered from "state" = 0; the name may contain spaces. */
    private static String[] statFields(Path stat) {
        String text = readLines(stat).get(0);
        return text.substring(text.lastIndexOf(')') + 2).split(" ");
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
