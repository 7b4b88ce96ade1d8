package dev.loopline.server.internal;

/**
 * The buckets of a loop-time histogram: log-linear, four to an octave (each 12.5 % to 25 % wide), from under a
 * microsecond to about half an hour. A cell array holds {@code [calls, totalNanos, bucket 0, bucket 1, ...]}.
 */
public final class LoopTimeBuckets {

    /** Buckets in a histogram. */
    public static final int COUNT = 124;
    /** Index of the first bucket in a cell array (after the call count and the total). */
    public static final int FIRST = 2;
    /** Length of a cell array. */
    public static final int CELLS = FIRST + COUNT;

    private static final int MIN_EXPONENT = 10; // bucket 0 holds everything under 2^10 ns (about 1 µs)

    private LoopTimeBuckets() {
    }

    /** The bucket of {@code nanos}. */
    public static int index(long nanos) {
        if (nanos < (1L << MIN_EXPONENT)) {
            return 0;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(nanos);
        int sub = (int) (nanos >>> (exponent - 2)) & 3;
        return Math.min(COUNT - 1, (exponent - MIN_EXPONENT) * 4 + sub + 1);
    }

    /** The largest time bucket {@code index} holds, in nanoseconds. */
    public static long upperBound(int index) {
        if (index == 0) {
            return (1L << MIN_EXPONENT) - 1;
        }
        int exponent = (index - 1) / 4 + MIN_EXPONENT;
        int sub = (index - 1) % 4;
        return ((4L + sub + 1) << (exponent - 2)) - 1;
    }

    /**
     * The time under which a fraction {@code quantile} of the calls in {@code cells} stayed (the upper bound of the
     * bucket holding that call: at most 25 % above the true value), or 0 when there were none. A reading taken while a
     * loop records may count a call in its buckets before its count: the rank is taken from the buckets then.
     */
    public static long quantile(long[] cells, double quantile) {
        long counted = 0;
        for (int i = 0; i < COUNT; i++) {
            counted += cells[FIRST + i];
        }
        long calls = Math.min(cells[0], counted);
        if (calls == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * calls));
        long seen = 0;
        for (int i = 0; i < COUNT; i++) {
            seen += cells[FIRST + i];
            if (seen >= rank) {
                return upperBound(i);
            }
        }
        return 0; // unreachable: rank <= counted
    }
}
