package dev.loopline.loadtest.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.loadtest.report.Measurement;
import dev.loopline.loadtest.report.RunReport;
import dev.loopline.loadtest.servers.ServerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick mode, end to end, as the build's smoke test: every server starts in its own process, answers the
 * contract (the /cpu check value included; nginx, where installed, its /plaintext and /json part) and produces numbers,
 * heap per request included, in every scenario it serves. The numbers themselves are not checked.
 * The Java driver runs every scenario, so the test does not depend on whether wrk is installed (the TLS scenarios use
 * the Java TLS driver; the HTTP/2 ones need h2load and are skipped, with a note, where it is missing); Loopline and
 * netty-raw run with Netty's paranoid leak detector, and a leak report in their output fails the test.
 */
class QuickRunSmokeTest {

    @Test
    void quickRunMeasuresEveryServerInEveryScenario(@TempDir Path out) throws Exception {
        RunOptions options = RunOptions.parse(new String[] {"--quick", "--driver", "java", "--out", out.toString(),
            "--server-jvm-flag", "-Dio.netty.leakDetection.level=paranoid"});

        Runner.Result result = Runner.run(options, System.out);

        RunReport report = result.report();
        assertEquals(List.of(), report.failures());
        for (RunReport.ServerInfo server : report.servers()) {
            ServerKind kind = ServerKind.byName(server.name());
            if (server.status().equals("skipped")) {
                if (kind == ServerKind.NGINX) { // only where the machine has no nginx
                    assertTrue(Nginx.find().isEmpty(), "nginx was skipped: " + server.details());
                    continue;
                }
                assertTrue(kind.needsVirtualThreads(), server.name() + " was skipped: " + server.details());
                assertFalse(JavaRuntimes.choose(java.util.Optional.empty()).hasVirtualThreads());
                continue;
            }
            assertEquals("measured", server.status(), server.name());
            assertTrue(server.contract().contains(kind.answersWholeContract() ? "GET /cpu?n=2000" : "GET /json"),
                    server.name() + " " + server.contract());
            assertEquals(List.of(), server.contractFailures(), server.name());
            List<Measurement> serverRows = report.measurements().stream()
                    .filter(m -> m.server().equals(server.name())).collect(Collectors.toList());
            for (Scenario scenario : Scenario.all()) {
                if (!scenario.appliesTo(kind) || scenario.unavailable().isPresent()) {
                    assertTrue(serverRows.stream().noneMatch(m -> m.scenario().equals(scenario.name())),
                            server.name() + " has a " + scenario.name() + " row, but does not serve it");
                    continue;
                }
                for (Listener listener : scenario.listeners(kind)) { // TLS scenarios: a row per engine
                    assertTrue(serverRows.stream().anyMatch(m -> m.scenario().equals(scenario.name())
                            && m.variant().startsWith(listener.variant())
                            && m.extra().getOrDefault("windowSeconds", 0.0) > 0),
                            server.name() + " has no " + scenario.name() + " " + listener.variant() + " row");
                }
            }
            // Every window of a Java server has its heap per request; nginx has no Java heap to count.
            assertTrue(serverRows.stream().filter(m -> m.okResponses() + m.non200() > 0)
                            .allMatch(m -> kind.isJvm() == !Double.isNaN(m.allocatedBytesPerRequest())),
                    server.name() + " heap per request: " + serverRows.stream()
                            .map(Measurement::allocatedBytesPerRequest).collect(Collectors.toList()));
            // A window may be starved by other work on a shared machine, but a server that answers no load at all
            // is broken.
            assertTrue(serverRows.stream().mapToLong(Measurement::okResponses).sum() > 0,
                    server.name() + " answered no load: " + serverRows);
        }
        assertTrue(Files.readString(result.directory().resolve("report.html")).contains("<svg"));
        String markdown = Files.readString(result.directory().resolve("report.md"));
        assertTrue(markdown.contains("## slow-io"));
        for (Scenario scenario : Scenario.all()) {
            // A scenario whose tool is missing (h2load) is skipped visibly: a note says so, instead of a silent gap.
            scenario.unavailable().ifPresent(why -> assertTrue(report.notes().contains(scenario.name()
                    + " skipped: " + why), report.notes().toString()));
        }
        assertTrue(markdown.contains("## tls-handshakes"));
        assertTrue(markdown.contains("tls-plaintext (jdk): loopline"), "the TLS headlines name Loopline against raw "
                + "Netty");
        assertTrue(Files.size(result.directory().resolve("report.json")) > 0);
        assertNoLeakReports(result.directory().resolve("logs"));
    }

    /** The servers ran with Netty's paranoid leak detector: a LEAK line in any server's log fails the test. */
    private static void assertNoLeakReports(Path logs) throws Exception {
        try (Stream<Path> files = Files.list(logs)) {
            for (Path log : files.collect(Collectors.toList())) {
                List<String> leaks = Files.readAllLines(log).stream().filter(line -> line.contains("LEAK:"))
                        .collect(Collectors.toList());
                assertEquals(List.of(), leaks, "leak reports in " + log);
            }
        }
    }
}
