package dev.loopline.loadtest.report;

import java.util.List;
import java.util.Locale;

/** The "Against the baseline" section of report.md and report.html. */
final class BaselineReport {

    private BaselineReport() {
    }

    /** What was compared with what, and how a change is judged. */
    static String intro(BaselineComparison comparison) {
        return String.format(Locale.ROOT, "Baseline: `%s`, the run of %s%s. Each cell is the change of the row's median"
                        + " against the baseline's, and the row's noise band: the spread of its rounds (max − min over"
                        + " the median), the wider of the two runs', at least %.0f %%; \"assumed\" where neither run had"
                        + " two rounds (then heap ±3 %%, the rest ±15 %%). %d rows compared%s.",
                comparison.baselinePath(), comparison.baselineStartedAt(),
                comparison.baselineLabel().isEmpty() ? "" : " (" + comparison.baselineLabel() + ")",
                BaselineComparison.MIN_BAND_PERCENT, comparison.rows().size(),
                comparison.rowsWithoutBaseline() == 0 ? ""
                        : "; " + comparison.rowsWithoutBaseline() + " rows of this run have none in the baseline");
    }

    static void html(StringBuilder html, BaselineComparison comparison) {
        html.append("<h2>Against the baseline</h2><p>").append(SvgCharts.escape(intro(comparison))).append("</p>");
        List<String> flagged = comparison.flaggedLines();
        if (flagged.isEmpty()) {
            html.append("<p>Every change is within its noise band.</p>");
        } else {
            html.append("<p>Beyond the noise band:</p><ul>");
            flagged.forEach(line -> html.append("<li>").append(SvgCharts.escape(line)).append("</li>"));
            html.append("</ul>");
        }
        html.append("<table><tr><th>scenario</th><th>variant</th><th>server</th>");
        for (Baseline.Metric metric : Baseline.Metric.values()) {
            html.append("<th>").append(SvgCharts.escape(metric.label())).append("</th>");
        }
        html.append("</tr>");
        for (BaselineComparison.RowChange row : comparison.rows()) {
            html.append("<tr><td>").append(SvgCharts.escape(row.scenario())).append("</td><td>")
                    .append(SvgCharts.escape(row.variant())).append("</td><td>").append(SvgCharts.escape(row.server()))
                    .append("</td>");
            for (BaselineComparison.Change change : row.changes()) {
                html.append(change.flagged() ? "<td style='font-weight:bold'>" : "<td>")
                        .append(SvgCharts.escape(BaselineComparison.cell(change))).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</table>");
    }
}
