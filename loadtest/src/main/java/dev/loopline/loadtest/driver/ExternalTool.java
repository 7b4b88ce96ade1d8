package dev.loopline.loadtest.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a load generator's process with a time limit. Its output goes to a file, not a pipe, so waiting is bounded
 * by the limit even when the tool hangs (reading a pipe to its end would wait for the tool however long it takes).
 */
final class ExternalTool {

    private ExternalTool() {
    }

    /** The tool's output (stdout and stderr); an IOException when it is still running after {@code limit}. */
    static String run(List<String> command, Duration limit, String name) throws IOException, InterruptedException {
        Path output = Files.createTempFile("loopline-" + name + "-", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new IOException(name + " did not finish within " + limit.toSeconds() + " s (the server stopped "
                        + "answering?); stopped it: " + String.join(" ", command));
            }
            return Files.readString(output, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
