package dev.loopline.loadtest.report;

import java.util.List;

/**
 * Everything one run found: where and how it ran, which servers took part, the contract checks, failures and
 * every measured window. report.json is this record; report.md and report.html are views of it.
 *
 * @param command the command line that produced it
 * @param label a line given with {@code --label}, for example the conditions the run was taken in
 * @param wallSeconds how long the whole run took
 * @param baseline the comparison with an earlier report ({@code --baseline}), or null
 */
public record RunReport(String startedAt, String command, String label, String mode, int rounds, double wallSeconds,
                        Environment environment, List<ServerInfo> servers, List<ScenarioInfo> scenarios,
                        List<String> notes, List<Failure> failures, List<Measurement> measurements,
                        BaselineComparison baseline) {

    public RunReport {
        servers = List.copyOf(servers);
        scenarios = List.copyOf(scenarios);
        notes = List.copyOf(notes);
        failures = List.copyOf(failures);
        measurements = List.copyOf(measurements);
    }

    /**
     * The machine and runtimes. {@code stealPercent} is the whole machine's, over the whole run; {@code nginx} is
     * the C reference's version and binary, or "not used".
     */
    public record Environment(String cpuModel, int cpus, String kernel, String runnerJava, String serverJava,
                              String serverJvmFlags, String looplineTransport, String cpuPinning, String wrk,
                              String nginx, double stealPercent, double loadAverageAtStart, long maxOpenFiles) {
    }

    /**
     * A bench server of this run.
     *
     * @param status {@code measured}, {@code skipped} or {@code failed}
     * @param details its DETAILS line (runtime, transport, threads) or why it was skipped
     * @param contract the endpoints checked, and the failures; empty when it never started
     */
    public record ServerInfo(String name, String model, String status, String details, List<String> contract,
                             List<String> contractFailures) {
    }

    public record ScenarioInfo(String name, String description) {
    }

    /** Something that went wrong with one server in one round; the run goes on with the next. */
    public record Failure(String server, int round, String scenario, String message) {
    }

    public List<Summary> summaries() {
        return Summary.of(measurements);
    }
}
