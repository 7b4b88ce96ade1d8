package dev.loopline.loadtest.runner;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** One line per step on the console, with elapsed time and an estimate of what is left. */
final class Progress {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private final int totalSessions;
    private int finishedSessions; // written by the runner thread only
    private long lastFinishedNanos = startNanos; // written by the runner thread only

    Progress(PrintStream out, int totalSessions) {
        this.out = out;
        this.totalSessions = totalSessions;
    }

    void sessionFinished() {
        finishedSessions++;
        lastFinishedNanos = System.nanoTime();
    }

    void line(String message) {
        out.println("[" + LocalTime.now().format(CLOCK) + " +" + format(elapsed()) + remaining() + "] " + message);
        out.flush();
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private String remaining() {
        if (finishedSessions == 0 || finishedSessions >= totalSessions) {
            return "";
        }
        long perSessionNanos = (lastFinishedNanos - startNanos) / finishedSessions;
        long leftNanos = perSessionNanos * (totalSessions - finishedSessions) - (System.nanoTime() - lastFinishedNanos);
        return " ~" + format(Duration.ofNanos(Math.max(0, leftNanos))) + " left";
    }

    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        return String.format("%d:%02d", seconds / 60, seconds % 60);
    }
}
