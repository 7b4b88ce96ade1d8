package dev.loopline.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** External programs a test may use when the machine has them (curl, say). */
public final class Commands {

    private Commands() {
    }

    /** True when {@code command} is an executable on the PATH. */
    public static boolean exists(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
