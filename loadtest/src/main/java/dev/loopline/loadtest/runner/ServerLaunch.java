package dev.loopline.loadtest.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How every server JVM is started: the same runtime, heap and GC flags for all of them.
 *
 * @param prefix taskset pinning, or empty
 * @param java the java executable (see {@link JavaRuntimes})
 * @param jvmFlags heap, GC and runtime flags, identical for every server
 * @param classpath this jar (or the build's classpath in tests)
 */
record ServerLaunch(List<String> prefix, Path java, List<String> jvmFlags, String classpath) {

    /** Same heap for all, fixed so heap sizing is no difference; G1, the JDK's default collector. */
    static final List<String> HEAP_AND_GC = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError");

    static ServerLaunch of(CpuPlan cpus, JavaRuntimes.Runtime runtime, List<String> extraFlags) {
        List<String> flags = new ArrayList<>(HEAP_AND_GC);
        if (runtime.feature() >= 24) {
            // Netty's native transports and its Unsafe-based buffers, without JDK 24+'s warnings or fallbacks.
            flags.add("--enable-native-access=ALL-UNNAMED");
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        flags.addAll(extraFlags);
        return new ServerLaunch(cpus.serverPrefix(), runtime.java(), List.copyOf(flags), ownClasspath());
    }

    /** Under Maven Surefire the JVM's own class path is a manifest-only jar; its real one is in a property. */
    private static String ownClasspath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
