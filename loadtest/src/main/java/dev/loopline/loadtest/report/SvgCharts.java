package dev.loopline.loadtest.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small self-contained SVG charts for report.html: horizontal bars and line charts (optionally log-scaled). */
final class SvgCharts {

    private static final Map<String, String> SERVER_COLORS = Map.of(
            "loopline", "#2b6cb0", "netty-raw", "#718096", "nginx", "#1a202c", "jetty-platform", "#dd6b20",
            "tomcat-platform", "#c53030", "jetty-virtual", "#38a169", "tomcat-virtual", "#805ad5");
    private static final int WIDTH = 640;

    /** One bar: a label, its value, and a note printed after the value. */
    record Bar(String label, double value, String note) {
    }

    /** One line: a server's points as {x, y}. */
    record Series(String name, List<double[]> points) {
    }

    private SvgCharts() {
    }

    static String color(String server) {
        return SERVER_COLORS.getOrDefault(server.split(" ")[0], "#4a5568");
    }

    static String bars(String title, List<Bar> bars, String unit) {
        int rowHeight = 26;
        int labelWidth = 130;
        int height = 40 + rowHeight * bars.size();
        double max = bars.stream().mapToDouble(Bar::value).filter(v -> !Double.isNaN(v)).max().orElse(1);
        StringBuilder svg = open(title, height);
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = 30 + i * rowHeight;
            double length = Double.isNaN(bar.value()) || max <= 0 ? 0 : (WIDTH - labelWidth - 270) * bar.value() / max;
            svg.append(text(labelWidth - 6, y + 15, "end", bar.label()));
            svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%.1f' height='%d' fill='%s'/>",
                    labelWidth, y + 3, length, rowHeight - 8, color(bar.label())));
            String value = Double.isNaN(bar.value()) && !bar.note().isEmpty() ? bar.note() // "n/a: ..." alone
                    : Format.rate(bar.value()) + " " + unit + (bar.note().isEmpty() ? "" : "  " + bar.note());
            svg.append(text((int) (labelWidth + length + 6), y + 15, "start", value));
        }
        return svg.append("</svg>").toString();
    }

    /**
     * A line chart. {@code xTicks} names the x positions 0, 1, 2... when the x axis is categorical; otherwise the
     * axis is linear in x. The y axis is logarithmic (latencies span orders of magnitude).
     */
    static String lines(String title, String xLabel, String yLabel, List<Series> series, List<String> xTicks) {
        int height = 380;
        int left = 70;
        int right = WIDTH - 150;
        int top = 30;
        int bottom = height - 50;
        double minX = xTicks.isEmpty() ? 0 : 0;
        double maxX = xTicks.isEmpty() ? series.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[0])
                .max().orElse(1) : xTicks.size() - 1;
        double minY = Math.floor(Math.log10(Math.max(0.01, series.stream().flatMap(s -> s.points().stream())
                .mapToDouble(p -> p[1]).filter(v -> v > 0).min().orElse(0.1))));
        double maxY = Math.ceil(Math.log10(Math.max(0.1, series.stream().flatMap(s -> s.points().stream())
                .mapToDouble(p -> p[1]).max().orElse(1))));
        if (maxY <= minY) {
            maxY = minY + 1;
        }
        StringBuilder svg = open(title, height);
        svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#a0aec0'/>",
                left, bottom, right, bottom));
        for (double decade = minY; decade <= maxY; decade++) {
            double y = bottom - (bottom - top) * (decade - minY) / (maxY - minY);
            svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#edf2f7'/>",
                    left, y, right, y));
            svg.append(text(left - 6, (int) y + 4, "end", Format.millis(Math.pow(10, decade))));
        }
        for (int i = 0; i < xTicks.size(); i++) {
            svg.append(text((int) (left + (right - left) * i / Math.max(1.0, maxX)), bottom + 16, "middle",
                    xTicks.get(i)));
        }
        if (xTicks.isEmpty()) {
            for (int i = 0; i <= 4; i++) {
                svg.append(text(left + (right - left) * i / 4, bottom + 16, "middle", Format.rate(maxX * i / 4)));
            }
        }
        svg.append(text((left + right) / 2, height - 12, "middle", xLabel));
        svg.append(String.format(Locale.ROOT, "<text x='14' y='%d' font-size='12' transform='rotate(-90 14 %d)' "
                + "text-anchor='middle'>%s</text>", (top + bottom) / 2, (top + bottom) / 2, escape(yLabel)));
        int legendY = top;
        for (Series line : series) {
            StringBuilder points = new StringBuilder();
            for (double[] point : line.points()) {
                if (point[1] <= 0) {
                    continue;
                }
                double x = left + (right - left) * (point[0] - minX) / Math.max(1e-9, maxX - minX);
                double y = bottom - (bottom - top) * (Math.log10(point[1]) - minY) / (maxY - minY);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3' fill='%s'/>", x, y,
                        color(line.name())));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill='none' stroke-width='2' stroke='%s' points='%s'/>",
                    color(line.name()), points.toString().trim()));
            svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='12' height='12' fill='%s'/>",
                    right + 14, legendY, color(line.name())));
            svg.append(text(right + 30, legendY + 11, "start", line.name()));
            legendY += 18;
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(String title, int height) {
        return new StringBuilder(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' "
                + "height='%d' viewBox='0 0 %d %d' font-family='sans-serif'>", WIDTH, height, WIDTH, height))
                .append(String.format(Locale.ROOT, "<text x='10' y='18' font-size='14' font-weight='bold'>%s</text>",
                        escape(title)));
    }

    private static String text(int x, int y, String anchor, String value) {
        return String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='12' text-anchor='%s'>%s</text>", x, y,
                anchor, escape(value));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
