package dev.loopline.loadtest.runner;

import java.time.Duration;

/**
 * Keeps a run within its time budget on a machine whose speed changes under it (other people's builds can make
 * a session take twice as long). Before each session it compares the time left per remaining session with what
 * a session has been costing, and shortens the next session's windows and warm-ups when needed, never below
 * {@link #MIN_SCALE}. JVM start and connection set-up do not shrink: they count as the fixed share.
 */
final class TimeBudget {

    static final double MIN_SCALE = 0.4;
    /** Share of a session that shortening does not touch: JVM start, contract check, connecting, closing. */
    private static final double FIXED_SHARE = 0.3;

    private final long deadlineNanos;
    private double fullScaleSecondsSum; // what the sessions so far would have cost unshortened; runner thread only
    private int sessions;

    TimeBudget(Duration budget) {
        this.deadlineNanos = System.nanoTime() + budget.toNanos();
    }

    /** The scale (MIN_SCALE..1) for the next session, given how many sessions are left including it. */
    double nextScale(int sessionsLeft) {
        if (sessions == 0 || sessionsLeft <= 0) {
            return 1.0;
        }
        double allowance = (deadlineNanos - System.nanoTime()) / 1e9 / sessionsLeft;
        double fullScale = fullScaleSecondsSum / sessions;
        double scale = (allowance / fullScale - FIXED_SHARE) / (1 - FIXED_SHARE);
        return Math.max(MIN_SCALE, Math.min(1.0, scale));
    }

    /** Records what a session at {@code scale} took. */
    void sessionTook(Duration took, double scale) {
        fullScaleSecondsSum += took.toNanos() / 1e9 / (FIXED_SHARE + (1 - FIXED_SHARE) * scale);
        sessions++;
    }
}
