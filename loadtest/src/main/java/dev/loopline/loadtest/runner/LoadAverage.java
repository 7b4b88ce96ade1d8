package dev.loopline.loadtest.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The one-minute load average when the run starts: a hint of how busy the machine already was. */
final class LoadAverage {

    private LoadAverage() {
    }

    static double read() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
