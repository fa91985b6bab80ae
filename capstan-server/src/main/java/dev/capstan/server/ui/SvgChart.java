package dev.capstan.server.ui;

import dev.capstan.tracking.MetricWithRunId;

import java.util.List;
import java.util.Locale;

/**
 * Line charts as SVG: a line per series on shared axes (a dot for a single point), coloured in order, with the value
 * range and the last x labelled, a legend when there is more than one series, and a text summary for screen readers.
 * Colours are SVG attributes, which the pages' content security policy allows where inline styles are not.
 */
final class SvgChart {

    /** A point of a series. */
    record Point(long x, double y) {
    }

    static final String[] COLORS = {"#0a58ca", "#d63384", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#dc3545",
        "#6c757d", "#0dcaf0", "#795548"};
    private static final int WIDTH = 640;
    private static final int HEIGHT = 220;
    private static final int PAD = 36;

    private SvgChart() {
    }

    /** A metric's history over steps, one line per run (named in the same order). */
    static String metric(String key, List<String> runs, List<List<MetricWithRunId>> histories) {
        return render(key, runs, histories.stream().map(h -> h.stream().map(p -> new Point(p.step(), p.value()))
                .toList()).toList(), "step");
    }

    /**
     * The chart {@code title} with one line per series, named by {@code names} in order, over an x axis counted in
     * {@code xUnit}; empty when no value is finite.
     */
    static String render(String title, List<String> names, List<List<Point>> series, String xUnit) {
        List<Point> all = series.stream().flatMap(List::stream).filter(p -> Double.isFinite(p.y())).toList();
        if (all.isEmpty()) {
            return "";
        }
        long minX = all.stream().mapToLong(Point::x).min().orElse(0);
        long maxX = all.stream().mapToLong(Point::x).max().orElse(0);
        double min = all.stream().mapToDouble(Point::y).min().orElse(0);
        double max = all.stream().mapToDouble(Point::y).max().orElse(0);
        double xSpan = Math.max(1, maxX - minX);
        double ySpan = max > min ? max - min : 1;
        String summary = title + (series.size() > 1 ? " of " + String.join(", ", names) : "") + ": " + all.size()
                + " points from " + xUnit + " " + minX + " to " + maxX + ", values from " + Html.number(min) + " to "
                + Html.number(max);
        StringBuilder svg = new StringBuilder("<figure><figcaption>").append(Html.esc(title))
                .append("</figcaption><svg class=\"chart\" role=\"img\" aria-label=\"").append(Html.esc(summary))
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"")
                .append(WIDTH).append("\" height=\"").append(HEIGHT).append("\">");
        for (int r = 0; r < series.size(); r++) {
            StringBuilder points = new StringBuilder();
            for (Point p : series.get(r)) {
                if (Double.isFinite(p.y())) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ",
                            PAD + (p.x() - minX) / xSpan * (WIDTH - 2 * PAD),
                            HEIGHT - PAD - (p.y() - min) / ySpan * (HEIGHT - 2 * PAD)));
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
        svg.append("<text x=\"4\" y=\"14\">").append(Html.number(max)).append("</text><text x=\"4\" y=\"")
                .append(HEIGHT - 4).append("\">").append(Html.number(min)).append("</text><text x=\"")
                .append(WIDTH - PAD).append("\" y=\"").append(HEIGHT - 4).append("\" text-anchor=\"end\">")
                .append(Html.esc(xUnit)).append(' ').append(maxX).append("</text></svg>");
        if (series.size() > 1) {
            svg.append("<ul class=\"legend\">");
            for (int r = 0; r < names.size(); r++) {
                svg.append("<li>").append(swatch(r)).append(' ').append(Html.esc(names.get(r))).append("</li>");
            }
            svg.append("</ul>");
        }
        return svg.append("</figure>\n").toString();
    }

    /** The small square of series {@code index}'s colour, for legends and table headers. */
    static String swatch(int index) {
        return "<svg class=\"swatch\" width=\"10\" height=\"10\" aria-hidden=\"true\"><rect width=\"10\" height=\"10\" "
                + "fill=\"" + COLORS[index % COLORS.length] + "\"/></svg>";
    }
}
