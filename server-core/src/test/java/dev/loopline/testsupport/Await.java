package dev.loopline.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.BooleanSupplier;
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
}
