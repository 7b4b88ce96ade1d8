package dev.loopline.loadtest.startup;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code startup [options]}: the time from {@code java} to the first response, for Loopline's hello example, a
 * minimal raw Netty server and a minimal Vert.x server, without and with an AppCDS archive (and with a JDK 25+ AOT
 * cache). Every server runs on
 * the same JDK with the same flags; starts are interleaved (A, B, C, A, B, C, ...) after one untimed start of each,
 * so that a noisy neighbour slows all of them alike; the report gives medians and ratios to raw Netty.
 */
public final class StartupCommand {

    /** The command's usage text. */
    public static final String USAGE = StartupOptions.USAGE;

    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final Duration TRAINING_LIMIT = Duration.ofMinutes(10); // appcds.sh may build the jar first

    private StartupCommand() {
    }

    /** Returns the process exit code: 0 when every start was timed, 1 when one failed, 2 for bad options. */
    public static int run(String[] args, PrintStream out) throws IOException, InterruptedException {
        StartupOptions options;
        try {
            options = StartupOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        try {
            StartupReport report = measure(options, out);
            Files.createDirectories(options.out());
            Files.writeString(options.out().resolve("startup.md"), report.markdown(), StandardCharsets.UTF_8);
            Files.writeString(options.out().resolve("startup-samples.tsv"), report.samplesTsv(),
                    StandardCharsets.UTF_8);
            out.println();
            out.print(report.markdown());
            out.println("(also in " + options.out().resolve("startup.md") + ")");
            return 0;
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            System.err.println("startup: " + e.getMessage());
            return 1;
        }
    }

    /** Trains the archives, then times every start; throws when one fails. */
    static StartupReport measure(StartupOptions options, PrintStream progress) throws IOException,
            InterruptedException {
        Path javaHome = options.javaHome().orElse(Path.of(System.getProperty("java.home")));
        Path java = javaHome.resolve("bin").resolve("java");
        String javaVersion = javaVersion(java);
        List<String> baseFlags = new ArrayList<>();
        if (featureVersion(javaVersion) >= 24) {
            // Netty's native transports and Unsafe-based buffers, without JDK 24+'s warnings; for every server.
            baseFlags.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        int feature = featureVersion(javaVersion);
        List<StartMode> modes = modes(options, feature);
        List<StartupTarget> targets = targets(options);
        Path logs = options.out().resolve("logs");
        List<Variant> variants = new ArrayList<>();
        for (StartMode mode : modes) {
            for (StartupTarget target : targets) {
                List<String> flags = new ArrayList<>(baseFlags);
                if (mode != StartMode.PLAIN) {
                    flags.addAll(mode.jvmFlags(train(target, mode, java, options.out().resolve("archives"), logs,
                            progress)));
                }
                variants.add(new Variant(target, mode, target.command(java, flags)));
            }
        }
        StartupReport report = new StartupReport(javaVersion, options.commandLine(), options.starts(), modes);
        for (Variant variant : variants) { // untimed: the jar and the JDK into the page cache, for every variant
            FirstResponseClock.time(variant.command, variant.log(logs, "warm-up"), START_LIMIT);
        }
        for (int round = 1; round <= options.starts(); round++) {
            StringBuilder line = new StringBuilder("start " + round + "/" + options.starts() + ":");
            for (Variant variant : variants) {
                double millis = FirstResponseClock.time(variant.command, variant.log(logs, "start-" + round),
                        START_LIMIT);
                report.add(variant.target.name(), variant.mode, millis);
                line.append(String.format(" %s%s %.0f ms", variant.target.name(),
                        variant.mode == StartMode.PLAIN ? "" : "+" + variant.mode.optionName(), millis));
            }
            progress.println(line);
        }
        return report;
    }

    /** The modes asked for, or plain and cds (and aot on a JDK 25+); a mode the JDK lacks is an error. */
    private static List<StartMode> modes(StartupOptions options, int feature) {
        if (options.modes().isEmpty()) {
            return feature >= StartMode.AOT.minimumJdk() ? List.of(StartMode.PLAIN, StartMode.CDS, StartMode.AOT)
                    : List.of(StartMode.PLAIN, StartMode.CDS);
        }
        for (StartMode mode : options.modes()) {
            if (feature < mode.minimumJdk()) {
                throw new IllegalArgumentException("mode " + mode.optionName() + " needs a JDK " + mode.minimumJdk()
                        + "+ (this one is " + feature + "): name one with --java");
            }
        }
        return options.modes();
    }

    /** Runs scripts/appcds.sh for {@code target} in {@code mode}; returns the archive. */
    private static Path train(StartupTarget target, StartMode mode, Path java, Path directory, Path logs,
                              PrintStream progress) throws IOException, InterruptedException {
        Path script = repositoryFile(Path.of("scripts", "appcds.sh")).orElseThrow(() -> new IOException(
                "scripts/appcds.sh not found above the working directory or this jar: run from the repository"));
        Path archive = directory.resolve(mode.archiveName(target.name())).toAbsolutePath();
        Files.createDirectories(directory);
        Files.createDirectories(logs);
        Path log = logs.resolve(target.name() + "-" + mode.optionName() + "-training.log");
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(target.appCdsArguments(mode, java, archive));
        progress.println("training the " + mode.optionName() + " archive of " + target.name() + ": "
                + String.join(" ", command));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(TRAINING_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException("appcds.sh for " + target.name() + " did not finish; see " + log);
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(archive)) {
            throw new IOException("appcds.sh for " + target.name() + " failed (exit " + process.exitValue()
                    + "); see " + log);
        }
        return archive;
    }

    private static List<StartupTarget> targets(StartupOptions options) throws IOException {
        String classpath = ownClasspath();
        List<StartupTarget> targets = new ArrayList<>();
        for (String server : options.servers()) {
            switch (server) {
                case "loopline-hello":
                    Path jar = options.examplesJar().or(() -> repositoryFile(
                            Path.of("examples", "target", "loopline-examples.jar"))).orElseThrow(() ->
                            new IOException("examples/target/loopline-examples.jar not found: build it with "
                                    + "mvn -B install -DskipTests, or name it with --examples-jar"));
                    targets.add(StartupTarget.looplineHello(jar.toAbsolutePath()));
                    if (options.baselineJar().isPresent()) {
                        targets.add(StartupTarget.looplineHelloBaseline(options.baselineJar().get().toAbsolutePath()));
                    }
                    break;
                case StartupTarget.NETTY_RAW:
                    targets.add(StartupTarget.nettyRaw(classpath));
                    break;
                case "vertx":
                    targets.add(StartupTarget.vertx(classpath));
                    break;
                default:
                    throw new IllegalArgumentException(server);
            }
        }
        return targets;
    }

    /** This JVM's class path with absolute entries (the archive records it); under Surefire, the tests' one. */
    static String ownClasspath() {
        String surefire = System.getProperty("surefire.test.class.path");
        String classpath = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        return Stream.of(classpath.split(File.pathSeparator)).filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** {@code relative} under the working directory or one above it, or above the loadtest jar. */
    private static Optional<Path> repositoryFile(Path relative) {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(StartupCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (java.net.URISyntaxException | SecurityException | NullPointerException e) {
            // no code source: the working directory alone
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(relative);
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** The first line of {@code java -version}, for example {@code openjdk version "17.0.15" 2025-04-15}. */
    private static String javaVersion(Path java) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        List<String> lines = output.lines().filter(line -> !line.isBlank()).collect(Collectors.toList());
        if (process.exitValue() != 0 || lines.isEmpty()) {
            throw new IOException(java + " -version failed: " + output);
        }
        return lines.size() > 1 ? lines.get(0) + " (" + lines.get(1).trim() + ")" : lines.get(0);
    }

    static int featureVersion(String versionLine) {
        int quote = versionLine.indexOf('"');
        String version = quote < 0 ? versionLine : versionLine.substring(quote + 1);
        String feature = version.split("[.\"+-]")[0];
        return feature.equals("1") ? 8 : Integer.parseInt(feature);
    }

    /** One server in one mode, and the command that starts it. */
    private static final class Variant {
        final StartupTarget target;
        final StartMode mode;
        final List<String> command;

        Variant(StartupTarget target, StartMode mode, List<String> command) {
            this.target = target;
            this.mode = mode;
            this.command = List.copyOf(command);
        }

        Path log(Path logs, String run) {
            return logs.resolve(target.name() + "-" + mode.optionName() + "-" + run + ".log");
        }
    }
}
