package dev.capstan.server.ui;

import dev.capstan.tracking.MetricWithRunId;

import java.util.List;
import java.util.Locale;

/**
 * A metric's history as an SVG line chart: a line per run on shared axes (a dot for a single point), coloured in
 * order, with the value range and last step labelled and a text summary for screen readers. Colours are SVG
 * attributes, which the pages' content security policy allows where inline styles are not.
 */
final class SvgChart {

    static final String[] COLORS = {"#0a58ca", "#d63384", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#dc3545",
        "#6c757d", "#0dcaf0", "#795548"};
    private static final int WIDTH = 640;
    private static final int HEIGHT = 220;
    private static final int PAD = 36;

    private SvgChart() {
    }

    /** The chart of {@code key} with one line per entry of {@code lines}; empty when no value is finite. */
    static String render(String key, List<List<MetricWithRunId>> lines) {
        List<MetricWithRunId> all = lines.stream().flatMap(List::stream).filter(p -> Double.isFinite(p.value()))
                .toList();
        if (all.isEmpty()) {
            return "";
        }
        long minStep = all.stream().mapToLong(MetricWithRunId::step).min().orElse(0);
        long maxStep = all.stream().mapToLong(MetricWithRunId::step).max().orElse(0);
        double min = all.stream().mapToDouble(MetricWithRunId::value).min().orElse(0);
        double max = all.stream().mapToDouble(MetricWithRunId::value).max().orElse(0);
        double xSpan = Math.max(1, maxStep - minStep);
        double ySpan = max > min ? max - min : 1;
        String summary = key + (lines.size() > 1 ? " of " + lines.size() + " runs" : "") + ": " + all.size()
                + " points from step " + minStep + " to " + maxStep + ", values from " + Html.number(min) + " to "
                + Html.number(max);
        StringBuilder svg = new StringBuilder("<figure><figcaption>").append(Html.esc(key))
                .append("</figcaption><svg class=\"chart\" role=\"img\" aria-label=\"").append(Html.esc(summary))
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"")
                .append(WIDTH).append("\" height=\"").append(HEIGHT).append("\">");
        for (int r = 0; r < lines.size(); r++) {
            StringBuilder points = new StringBuilder();
            for (MetricWithRunId p : lines.get(r)) {
                if (Double.isFinite(p.value())) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ",
                            PAD + (p.step() - minStep) / xSpan * (WIDTH - 2 * PAD),
                            HEIGHT - PAD - (p.value() - min) / ySpan * (HEIGHT - 2 * PAD)));
                }
            }
            if (points.isEmpty()) {
                continue;
            }
            String color = COLORS[r % COLORS.length];
            String[] xy = points.toString().split(" ");
            svg.append(xy.length == 1
                    ? "<circle cx=\"" + xy[0].split(",")[0] + "\" cy=\"" + xy[0].split(",")[1] + "\" r=\"4\" fill=\""
                            + color + "\"/>"
                    : "<polyline stroke=\"" + color + "\" points=\"" + points.toString().strip() + "\"/>");
        }
        return svg.append("<text x=\"4\" y=\"14\">").append(Html.number(max)).append("</text><text x=\"4\" y=\"")
                .append(HEIGHT - 4).append("\">").append(Html.number(min)).append("</text><text x=\"")
                .append(WIDTH - PAD).append("\" y=\"").append(HEIGHT - 4).append("\" text-anchor=\"end\">step ")
                .append(maxStep).append("</text></svg></figure>\n").toString();
    }
}
