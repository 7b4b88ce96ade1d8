package dev.loopline.loadtest.startup;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code startup} command's options.
 *
 * @param starts timed starts of each server in each mode (interleaved), after one untimed start of each
 * @param servers the rows, by name
 * @param modes how each server is started (empty: plain and cds, and aot as well on a JDK 25+)
 * @param javaHome the JDK that runs every server (default: the one running this command)
 * @param examplesJar the examples jar (default: found from the working directory or this jar's place)
 * @param baselineJar another build of the examples jar (an earlier commit's), timed as one more row
 * @param out where the report, the samples, the archives and each start's output go
 */
record StartupOptions(int starts, List<String> servers, List<StartMode> modes, Optional<Path> javaHome,
                      Optional<Path> examplesJar, Optional<Path> baselineJar, Path out, String commandLine) {

    static final List<String> ALL_SERVERS = List.of("loopline-hello", StartupTarget.NETTY_RAW, "vertx");

    static final String USAGE = String.join("\n",
            "usage:",
            "  java -jar loopline-loadtest.jar startup [--starts N] [--servers loopline-hello,netty-raw,vertx]",
            "                                          [--modes plain,cds,aot] [--java JDK_HOME]",
            "                                          [--examples-jar PATH] [--baseline-jar PATH] [--out DIR]",
            "Times each server from process spawn to its first 200 on GET /plaintext, N starts each (default 10),",
            "interleaved, in each mode: plain, with an AppCDS archive (cds) and, on a JDK 25+, with an AOT cache",
            "(aot), the archives made by scripts/appcds.sh; medians and ratios to netty-raw. Needs the examples",
            "jar (mvn -B install -DskipTests) for loopline-hello; --baseline-jar adds a row for another build of it",
            "(loopline-hello-baseline), for a before/after comparison in one run.");

    static StartupOptions parse(String[] args) {
        int starts = 10;
        List<String> servers = ALL_SERVERS;
        List<StartMode> modes = List.of();
        Optional<Path> javaHome = Optional.empty();
        Optional<Path> examplesJar = Optional.empty();
        Optional<Path> baselineJar = Optional.empty();
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (option) {
                case "--starts":
                    starts = Integer.parseInt(value);
                    if (starts < 1) {
                        throw new IllegalArgumentException("--starts must be at least 1 (was " + value + ")");
                    }
                    break;
                case "--servers":
                    servers = List.of(value.split(","));
                    for (String server : servers) {
                        if (!ALL_SERVERS.contains(server)) {
                            throw new IllegalArgumentException("unknown server '" + server + "'\n" + USAGE);
                        }
                    }
                    break;
                case "--modes":
                    modes = Arrays.stream(value.split(",")).map(StartMode::byOptionName).distinct()
                            .collect(Collectors.toList());
                    break;
                case "--java":
                    javaHome = Optional.of(Path.of(value));
                    break;
                case "--examples-jar":
                    examplesJar = Optional.of(Path.of(value));
                    break;
                case "--baseline-jar":
                    baselineJar = Optional.of(Path.of(value));
                    break;
                case "--out":
                    out = Path.of(value);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        if (out == null) {
            out = Path.of("out", "startup-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        return new StartupOptions(starts, servers, modes, javaHome, examplesJar, baselineJar, out,
                "java -jar loadtest/target/loopline-loadtest.jar startup " + String.join(" ", Arrays.asList(args)));
    }
}
