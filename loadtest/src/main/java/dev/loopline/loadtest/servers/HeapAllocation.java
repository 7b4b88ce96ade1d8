package dev.loopline.loadtest.servers;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;

/**
 * The heap bytes this JVM has allocated since it started, from the JVM's per-thread allocation counters
 * ({@code com.sun.management.ThreadMXBean}). The runner reads it before and after a window and divides the
 * difference by the responses in between: heap allocated per request, a figure that CPU noise does not move.
 */
final class HeapAllocation {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** JDK 21+: the total over every thread that ever ran, ended ones included; null on older runtimes. */
    private static final Method TOTAL = totalMethod();

    private HeapAllocation() {
    }

    /**
     * Bytes allocated by all threads (a virtual thread's allocations are counted on its carrier). Before JDK 21
     * only live threads can be summed, so a thread that ends within a window takes its bytes with it.
     */
    static long allocatedBytes() {
        if (TOTAL != null) {
            try {
                return (long) TOTAL.invoke(THREADS);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read the JVM's allocation counter", e);
            }
        }
        long total = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            total += Math.max(0, bytes); // -1: the thread ended between the two calls
        }
        return total;
    }

    private static Method totalMethod() {
        try {
            return com.sun.management.ThreadMXBean.class.getMethod("getTotalThreadAllocatedBytes");
        } catch (NoSuchMethodException beforeJdk21) {
            return null;
        }
    }
}
