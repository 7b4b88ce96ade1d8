package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.servers.ServerKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code run} command's options.
 *
 * @param rounds 0 for the plan's default (3 full, 1 quick)
 * @param driver {@code auto} (wrk for max-throughput scenarios when installed), {@code java} or {@code wrk}
 * @param extraServerFlags JVM flags added to every server (the smoke test adds Netty's paranoid leak detector)
 * @param label a line for the top of the report, for example the conditions it was taken in
 * @param budget the time the run should take at most (windows shrink when it falls behind); zero for none
 * @param baseline an earlier report.json to compare every row with
 */
public record RunOptions(boolean quick, int rounds, List<ServerKind> servers, List<String> scenarios, String driver,
                         Optional<Path> javaHome, Path outRoot, List<String> extraServerFlags, String label,
                         Duration budget, Optional<Path> baseline, String commandLine) {

    /** The full run's default budget: 20 minutes less a margin for the build, JVM starts and the report. */
    static final Duration FULL_RUN_BUDGET = Duration.ofMinutes(17);

    public static final String USAGE = String.join("\n",
            "usage:",
            "  java -jar loopline-loadtest.jar run [--quick] [--rounds N] [--servers a,b,...] [--scenarios x,y,...]",
            "                                      [--driver auto|java|wrk] [--java JDK_HOME] [--out DIR]",
            "                                      [--label \"a line for the top of the report\"] [--budget-minutes N]",
            "                                      [--baseline PATH/report.json]",
            "  java -jar loopline-loadtest.jar server NAME --port N",
            "servers:   " + ServerKind.names(),
            "scenarios: " + Scenario.all().stream().map(Scenario::name).collect(Collectors.joining(", ")));

    static RunOptions parse(String[] args) {
        boolean quick = false;
        int rounds = 0;
        List<ServerKind> servers = ServerKind.all();
        List<String> scenarios = Scenario.all().stream().map(Scenario::name).collect(Collectors.toList());
        String driver = "auto";
        Optional<Path> javaHome = Optional.empty();
        Path out = Path.of("out");
        List<String> extraFlags = new ArrayList<>();
        String label = "";
        Duration budget = null;
        Optional<Path> baseline = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--quick")) {
                quick = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (option) {
                case "--rounds":
                    rounds = Integer.parseInt(value);
                    break;
                case "--servers":
                    servers = Arrays.stream(value.split(",")).map(ServerKind::byName).collect(Collectors.toList());
                    break;
                case "--scenarios":
                    scenarios = List.of(value.split(","));
                    scenarios.forEach(RunOptions::requireScenario);
                    break;
                case "--driver":
                    if (!List.of("auto", "java", "wrk").contains(value)) {
                        throw new IllegalArgumentException("--driver is auto, java or wrk (was " + value + ")");
                    }
                    driver = value;
                    break;
                case "--java":
                    javaHome = Optional.of(Path.of(value));
                    break;
                case "--out":
                    out = Path.of(value);
                    break;
                case "--budget-minutes":
                    budget = Duration.ofMinutes(Long.parseLong(value));
                    break;
                case "--label":
                    label = value;
                    break;
                case "--baseline":
                    baseline = Optional.of(Path.of(value));
                    break;
                case "--server-jvm-flag":
                    extraFlags.add(value);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        return new RunOptions(quick, rounds, List.copyOf(servers), List.copyOf(scenarios), driver, javaHome, out,
                List.copyOf(extraFlags), label,
                budget != null ? budget : quick ? Duration.ZERO : FULL_RUN_BUDGET, baseline, "java -jar loadtest/target/loopline-loadtest.jar run "
                + String.join(" ", quoted(args)));
    }

    /** The arguments as a shell would need them typed again. */
    private static List<String> quoted(String[] args) {
        return Arrays.stream(args).map(arg -> arg.matches("[A-Za-z0-9_./,=:-]+") ? arg : "\"" + arg + "\"")
                .collect(Collectors.toList());
    }

    private static void requireScenario(String name) {
        if (Scenario.all().stream().noneMatch(s -> s.name().equals(name))) {
            throw new IllegalArgumentException("unknown scenario '" + name + "'\n" + USAGE);
        }
    }
}
