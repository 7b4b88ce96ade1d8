package dev.loopline.loadtest.report;

import dev.loopline.loadtest.servers.ServerKind;
import java.util.Locale;

/** Number formatting shared by the Markdown and HTML reports. */
final class Format {

    private Format() {
    }

    static String rate(double perSecond) {
        return Double.isNaN(perSecond) ? "—" : String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    static String ratio(double ratio) {
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "—" : String.format(Locale.ROOT, "%.2f×", ratio);
    }

    /** A value of any size: thousands separated, one decimal below 100. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "—";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    static String millis(double ms) {
        if (Double.isNaN(ms)) {
            return "—";
        }
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f", ms) : String.format(Locale.ROOT, "%.2f", ms);
    }

    static String micros(double us) {
        return Double.isNaN(us) ? "—" : String.format(Locale.ROOT, "%.1f", us);
    }

    /** Heap bytes per request: "n/a" for a server without a Java heap (nginx), never 0; "—" when not measured. */
    static String allocation(String server, double bytesPerRequest) {
        if (!Double.isNaN(bytesPerRequest)) {
            return String.format(Locale.ROOT, "%,.0f", bytesPerRequest);
        }
        return hasJavaHeap(server) ? "—" : "n/a";
    }

    /** Whether {@code server} runs on a JVM; a name this version of the kit does not know is taken for one. */
    static boolean hasJavaHeap(String server) {
        ServerKind kind = ServerKind.named(server);
        return kind == null || kind.isJvm();
    }

    static String percent(double percent) {
        return Double.isNaN(percent) ? "—" : String.format(Locale.ROOT, "%.1f", percent);
    }

    static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.0f", bytes / (1024.0 * 1024.0));
    }

    static String kibibytes(double kib) {
        return Double.isNaN(kib) ? "—" : String.format(Locale.ROOT, "%.1f", kib);
    }

    /** Warnings of a row: steal, a saturated load generator, a JIT still compiling. */
    static String flags(Summary row) {
        StringBuilder flags = new StringBuilder();
        if (row.stealFlagged()) {
            flags.append("⚠ steal ");
        }
        if (row.sharedCpuFlagged()) {
            flags.append("⚠ shared CPU ");
        }
        if (row.clientLimited()) {
            flags.append("client-limited ");
        }
        if (!row.jitQuiet()) {
            flags.append("JIT busy ");
        }
        return flags.toString().trim();
    }
}
