package dev.loopline.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Polls for a condition instead of sleeping a fixed time, so that tests are as fast as the machine allows and
 * still pass on a slow one. The time limit is only a safety net against hanging: the test asserts the condition.
 */
public final class Await {

    private static final long SAFETY_NET_MILLIS = 60_000;

    private Await() {
    }

    /** Returns as soon as {@code condition} holds; fails with {@code what} if it never does. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, condition, () -> "");
    }

    /** Like {@link #until(String, BooleanSupplier)}; {@code state} describes what was seen, for the failure. */
    public static void until(String what, BooleanSupplier condition, Supplier<Object> state) {
        long deadline = System.nanoTime() + SAFETY_NET_MILLIS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("never happened: " + what + "; last seen: " + state.get());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for: " + what);
            }
        }
    }

    /**
     * Returns a count once it is positive and has not moved for half a second: for asserting that something
     * stopped (handlers no longer run for a client that does not read, say). The count is what the test asserts.
     */
    public static int settled(String what, IntSupplier count) {
        int[] last = {-1};
        int[] unchangedPolls = {0};
        until(what + " to settle", () -> {
            int now = count.getAsInt();
            unchangedPolls[0] = now == last[0] && now > 0 ? unchangedPolls[0] + 1 : 0;
            last[0] = now;
            return unchangedPolls[0] >= 50;
        }, () -> last[0]);
        return last[0];
    }
}
