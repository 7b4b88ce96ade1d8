package dev.loopline.loadtest.report;

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

    static String millis(double ms) {
        if (Double.isNaN(ms)) {
            return "—";
        }
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f", ms) : String.format(Locale.ROOT, "%.2f", ms);
    }

    static String micros(double us) {
        return Double.isNaN(us) ? "—" : String.format(Locale.ROOT, "%.1f", us);
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
