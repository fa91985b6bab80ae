package dev.capstan.server.monitor;

import dev.capstan.monitor.ColumnDrift;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A {@link MonitorReport} as one self-contained HTML page: inline styles and SVG charts, no script and nothing
 * fetched, so that it opens offline and can be mailed or attached to a ticket.
 */
public final class HtmlReport {

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2430;padding:0 1rem}
            h1{font-size:1.4rem;margin-bottom:.2rem} h2{font-size:1.1rem;margin-top:2rem}
            .muted{color:#5b6575} .headline{font-size:1.25rem;margin:1rem 0;padding:.8rem 1rem;border-radius:6px}
            .drift{background:#fdecea;border-left:5px solid #c62828} .calm{background:#e8f5e9;border-left:5px solid #2e7d32}
            .unknown{background:#fff8e1;border-left:5px solid #f9a825}
            table{border-collapse:collapse;width:100%} th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #e3e6eb;vertical-align:middle}
            th{background:#f5f7fa;font-weight:600} td.num{text-align:right;font-variant-numeric:tabular-nums}
            .yes{color:#c62828;font-weight:600} .no{color:#2e7d32} .legend span{display:inline-block;width:.8em;height:.8em;margin:0 .3em 0 1em}
            """;
    private static final String REFERENCE = "#90a4ae";
    private static final String CURRENT = "#1e88e5";

    private HtmlReport() {
    }

    public static String render(MonitorReport r) {
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Drift report: ")
                .append(esc(r.model())).append(" version ").append(esc(r.version())).append("</title><style>")
                .append(STYLE).append("</style></head><body>\n");
        html.append("<h1>").append(esc(r.model())).append(" version ").append(esc(r.version())).append("</h1>")
                .append("<div class=\"muted\">").append(r.windowRows()).append(" logged rows in the window; generated ")
                .append(esc(r.generated())).append("</div>\n");
        String tone = r.drift() == null ? "unknown" : r.drift().drifted() ? "drift" : "calm";
        html.append("<div class=\"headline ").append(tone).append("\">").append(esc(r.summary()))
                .append(r.drift() == null ? "" : r.drift().drifted() ? ": the dataset drifted" : ": no dataset drift")
                .append("</div>\n");
        if (r.drift() != null) {
            columns(html, r);
        }
        performance(html, r);
        if (!r.timeline().isEmpty()) {
            timeline(html, r.timeline());
        }
        return html.append("</body></html>\n").toString();
    }

    private static void columns(StringBuilder html, MonitorReport r) {
        html.append("<h2>Columns</h2><div class=\"legend muted\">shares per bin:<span style=\"background:")
                .append(REFERENCE).append("\"></span>reference<span style=\"background:").append(CURRENT)
                .append("\"></span>current</div>\n<table><tr><th>column</th><th>type</th><th>test</th><th>score</th>"
                        + "<th>threshold</th><th>drifted</th><th>distribution</th></tr>\n");
        List<ColumnDrift> rows = new java.util.ArrayList<>(r.drift().columns());
        if (r.predictionDrift() != null) {
            rows.add(r.predictionDrift());
        }
        for (ColumnDrift c : rows) {
            boolean prediction = c == r.predictionDrift();
            MonitorReport.Histogram histogram = r.histograms().stream()
                    .filter(h -> h.column().equals(c.column())).reduce((a, b) -> prediction ? b : a).orElse(null);
            html.append("<tr><td>").append(esc(c.column())).append(prediction ? " <span class=\"muted\">"
                    + "(prediction)</span>" : "").append("</td><td>").append(c.numeric() ? "numerical" : "categorical")
                    .append("</td><td>").append(c.method().wireName()).append("</td><td class=\"num\">")
                    .append(number(c.score())).append("</td><td class=\"num\">").append(number(c.threshold()))
                    .append("</td><td>").append(switch (c.status()) {
                        case DRIFT -> "<span class=\"yes\">yes</span>";
                        case NO_DRIFT -> "<span class=\"no\">no</span>";
                        case NOT_ENOUGH_DATA -> "<span class=\"muted\">not enough data</span>";
                    }).append("</td><td>").append(histogram == null ? "" : bars(histogram)).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    /** Reference and current shares side by side per bin, with the bins as tooltips. */
    private static String bars(MonitorReport.Histogram h) {
        int bins = h.bins().size();
        int width = 260;
        int height = 60;
        double slot = (double) width / Math.max(1, bins);
        double top = 0;
        for (int i = 0; i < bins; i++) {
            top = Math.max(top, Math.max(h.reference()[i], h.current()[i]));
        }
        StringBuilder svg = new StringBuilder("<svg width=\"" + width + "\" height=\"" + height
                + "\" role=\"img\" aria-label=\"" + esc(h.column()) + " distribution\">");
        for (int i = 0; i < bins; i++) {
            bar(svg, i * slot + 1, slot / 2 - 1, h.reference()[i], top, height, REFERENCE, h.bins().get(i));
            bar(svg, i * slot + slot / 2, slot / 2 - 1, h.current()[i], top, height, CURRENT, h.bins().get(i));
        }
        return svg.append("</svg>").toString();
    }

    private static void bar(StringBuilder svg, double x, double w, double share, double top, int height,
                            String color, String bin) {
        double h = top == 0 ? 0 : share / top * (height - 2);
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                + "<title>%s: %.1f%%</title></rect>", x, height - h, Math.max(0.5, w), h, color, esc(bin),
                100 * share));
    }

    private static void performance(StringBuilder html, MonitorReport r) {
        html.append("<h2>Performance</h2>\n");
        Performance p = r.performance();
        if (p.labeled() == 0) {
            html.append("<p class=\"muted\">No feedback yet for the rows of this window (send it to /v2/feedback or "
                    + "with capstan monitor feedback).</p>\n");
            return;
        }
        html.append("<p class=\"muted\">").append(p.labeled()).append(" rows with feedback")
                .append(p.unmatched() > 0 ? ", " + p.unmatched() + " with a label the model does not know" : "")
                .append(".</p><table><tr><th>metric</th><th>window</th><th>baseline</th></tr>\n");
        for (Map.Entry<String, Double> m : p.metrics().entrySet()) {
            Double baseline = r.baseline().get(m.getKey());
            html.append("<tr><td>").append(esc(m.getKey())).append("</td><td class=\"num\">")
                    .append(number(m.getValue())).append("</td><td class=\"num\">")
                    .append(baseline == null ? "" : number(baseline)).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void timeline(StringBuilder html, List<MonitorReport.Slice> slices) {
        html.append("<h2>Over the window</h2>\n<table><tr><th>from</th><th>to</th><th>rows</th>"
                + "<th>drifted share</th><th>mean prediction</th><th>labeled</th><th>accuracy / RMSE</th></tr>\n");
        for (MonitorReport.Slice s : slices) {
            html.append("<tr><td>").append(esc(s.from())).append("</td><td>").append(esc(s.to()))
                    .append("</td><td class=\"num\">").append(s.rows()).append("</td><td class=\"num\">")
                    .append(number(s.driftShare())).append("</td><td class=\"num\">").append(number(s.predictionMean()))
                    .append("</td><td class=\"num\">").append(s.labeled()).append("</td><td class=\"num\">")
                    .append(number(s.metric())).append("</td></tr>\n");
        }
        html.append("</table>\n");
        html.append(line(slices, "drifted share of columns", MonitorReport.Slice::driftShare, "#c62828"));
        html.append(line(slices, "accuracy (or RMSE) over the rows with feedback", MonitorReport.Slice::metric,
                "#2e7d32"));
    }

    /** A small line chart of one series over the slices; points without a value are skipped. */
    private static String line(List<MonitorReport.Slice> slices, String title,
                               ToDoubleFunction<MonitorReport.Slice> value, String color) {
        double[] values = slices.stream().mapToDouble(value).toArray();
        double top = java.util.Arrays.stream(values).filter(Double::isFinite).max().orElse(Double.NaN);
        if (Double.isNaN(top)) {
            return "";
        }
        double scale = Math.max(top, 1e-12);
        int width = 520;
        int height = 120;
        StringBuilder svg = new StringBuilder("<figure><figcaption class=\"muted\">" + esc(title) + "</figcaption>"
                + "<svg width=\"" + width + "\" height=\"" + (height + 20) + "\" role=\"img\" aria-label=\""
                + esc(title) + "\"><polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\" points=\"");
        double step = values.length > 1 ? (width - 20.0) / (values.length - 1) : 0;
        StringBuilder dots = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) {
                double x = 10 + i * step;
                double y = 10 + (height - 10) * (1 - values[i] / scale);
                svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\">"
                        + "<title>%s</title></circle>", x, y, color, number(values[i])));
            }
        }
        return svg.append("\"/>").append(dots).append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" "
                + "font-size=\"11\" fill=\"#5b6575\">max %s</text></svg></figure>\n", height + 16, number(top)))
                .toString();
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String esc(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
