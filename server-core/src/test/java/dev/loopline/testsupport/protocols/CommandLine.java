package dev.loopline.testsupport.protocols;

import static org.junit.jupiter.api.Assertions.fail;

import dev.loopline.testsupport.Commands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a command-line client (curl, nghttp) as a process, bounded: its output goes to files (no pipe can fill up and
 * hang it), and one that outlives its time limit is destroyed and fails the test. A missing tool skips the test
 * with a message that says which package brings it.
 */
public final class CommandLine {

    /** What a finished process left. */
    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
        }
    }

    private static final long LIMIT_SECONDS = 30;

    private CommandLine() {
    }

    /** Skips the calling test, saying why, unless {@code command} is on the PATH. */
    public static void assumeInstalled(String command, String debianPackage) {
        Assumptions.assumeTrue(Commands.exists(command), command + " is not installed (Debian package " + debianPackage
                + (command.equals("nghttp") ? ", which .ci/run installs where it can" : "") + "): this case is skipped");
    }

    /** Runs {@code command} to its end (at most 30 s) and returns its exit code and output. */
    public static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("loopline-cli", ".out");
        Path err = Files.createTempFile("loopline-cli", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                fail(String.join(" ", command) + " did not end within " + LIMIT_SECONDS + " s; output so far:\n"
                        + Files.readString(out, StandardCharsets.ISO_8859_1));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                    Files.readString(err, StandardCharsets.ISO_8859_1));
        } finally {
            process.destroyForcibly();
            process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
