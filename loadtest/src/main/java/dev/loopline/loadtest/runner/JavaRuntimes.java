package dev.loopline.loadtest.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the Java runtime that runs the bench servers. Every server runs on the same one, so the JDK is not a
 * difference between them; a 21+ runtime is preferred because the virtual-thread servers need it.
 */
final class JavaRuntimes {

    static final int VIRTUAL_THREADS_FEATURE = 21;

    /** A java executable and its feature version (17, 21, 25...). */
    record Runtime(Path java, int feature, String version) {
        boolean hasVirtualThreads() {
            return feature >= VIRTUAL_THREADS_FEATURE;
        }
    }

    private JavaRuntimes() {
    }

    /**
     * The explicit choice when given; else the newest 21+ runtime among JAVA_HOME, this JVM and /usr/lib/jvm;
     * else this JVM.
     */
    static Runtime choose(Optional<Path> explicitHome) {
        if (explicitHome.isPresent()) {
            return describe(explicitHome.get()).orElseThrow(() -> new IllegalArgumentException(
                    "--java " + explicitHome.get() + ": no bin/java with a release file there"));
        }
        List<Runtime> candidates = new ArrayList<>();
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            describe(Path.of(javaHome)).ifPresent(candidates::add);
        }
        Runtime current = current();
        candidates.add(current);
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> homes = Files.list(jvms)) {
                homes.map(JavaRuntimes::describe).flatMap(Optional::stream).forEach(candidates::add);
            } catch (IOException e) {
                // an unreadable /usr/lib/jvm leaves JAVA_HOME and this JVM as the candidates
            }
        }
        return candidates.stream().filter(Runtime::hasVirtualThreads).max(Comparator.comparingInt(Runtime::feature))
                .orElse(current);
    }

    static Runtime current() {
        Path home = Path.of(System.getProperty("java.home"));
        java.lang.Runtime.Version version = java.lang.Runtime.version();
        return new Runtime(home.resolve("bin").resolve("java"), version.feature(), version.toString());
    }

    /** Reads {@code JAVA_VERSION} from a JDK's release file. */
    static Optional<Runtime> describe(Path home) {
        Path java = home.resolve("bin").resolve("java");
        Path release = home.resolve("release");
        if (!Files.isExecutable(java) || !Files.isReadable(release)) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "").trim();
                    String feature = version.split("[.+-]")[0];
                    return Optional.of(new Runtime(java.toRealPath(), Integer.parseInt(feature), version));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
