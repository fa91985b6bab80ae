package dev.capstan.server.ui;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Runs as lines across one vertical axis per param and metric, so that which settings lead to which results shows at
 * a glance (MLflow's parallel coordinates plot, drawn as SVG on the server). An axis whose values are all numbers is
 * scaled from its lowest to its highest value; any other axis spaces its distinct values evenly. A run without a
 * value on an axis has a gap there.
 */
final class ParallelCoordinates {

    /** One axis: its name and each run's value (null where the run has none). */
    record Axis(String name, List<String> values) {
    }

    private static final int SPACING = 130;
    private static final int HEIGHT = 260;
    private static final int TOP = 40;
    private static final int BOTTOM = 30;
    private static final int SIDE = 60;

    private ParallelCoordinates() {
    }

    /** The plot of {@code runs} (their names, in colour order) over {@code axes}; empty with fewer than two axes. */
    static String render(List<String> runs, List<Axis> axes) {
        if (axes.size() < 2) {
            return "";
        }
        int width = 2 * SIDE + (axes.size() - 1) * SPACING;
        List<Scale> scales = axes.stream().map(Scale::of).toList();
        StringBuilder svg = new StringBuilder("<figure><figcaption>Parallel coordinates</figcaption><svg class=\""
                + "chart parallel\" role=\"img\" aria-label=\"").append(Html.esc(summary(runs, axes)))
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(HEIGHT).append("\" width=\"")
                .append(width).append("\" height=\"").append(HEIGHT).append("\">");
        for (int a = 0; a < axes.size(); a++) {
            axis(svg, axes.get(a).name(), scales.get(a).labels(), x(a));
        }
        for (int r = 0; r < runs.size(); r++) {
            line(svg, scales, r, SvgChart.COLORS[r % SvgChart.COLORS.length]);
        }
        return svg.append("</svg></figure>\n").toString();
    }

    /** Where each run sits on an axis, as a share from 0 (bottom) to 1 (top) or NaN, and the axis's labels. */
    private record Scale(double[] shares, List<String> labels) {

        static Scale of(Axis axis) {
            double[] shares = new double[axis.values().size()];
            double[] numbers = numbers(axis);
            if (numbers != null) {
                double min = Arrays.stream(numbers).filter(n -> !Double.isNaN(n)).min().orElse(0);
                double max = Arrays.stream(numbers).filter(n -> !Double.isNaN(n)).max().orElse(0);
                for (int r = 0; r < shares.length; r++) {
                    shares[r] = Double.isNaN(numbers[r]) ? Double.NaN : max > min ? (numbers[r] - min) / (max - min)
                            : 0.5;
                }
                return new Scale(shares, min == max ? List.of(Html.number(min))
                        : List.of(Html.number(min), Html.number(max)));
            }
            List<String> categories = new ArrayList<>(new TreeSet<>(axis.values().stream().filter(Objects::nonNull)
                    .toList()));
            for (int r = 0; r < shares.length; r++) {
                String value = axis.values().get(r);
                shares[r] = value == null ? Double.NaN : categories.size() == 1 ? 0.5
                        : categories.indexOf(value) / (double) (categories.size() - 1);
            }
            return new Scale(shares, categories);
        }

        /** The axis's values as finite numbers (NaN where a run has none), or null when any value is not one. */
        private static double[] numbers(Axis axis) {
            double[] numbers = new double[axis.values().size()];
            for (int r = 0; r < numbers.length; r++) {
                String value = axis.values().get(r);
                try {
                    numbers[r] = value == null ? Double.NaN : Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    return null;
                }
                if (Double.isInfinite(numbers[r]) || value != null && Double.isNaN(numbers[r])) {
                    return null;
                }
            }
            return numbers;
        }
    }

    /** The axis line, its name on top and its range (or categories) beside it. */
    private static void axis(StringBuilder svg, String name, List<String> labels, double x) {
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>",
                x, TOP, x, HEIGHT - BOTTOM));
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", x, TOP - 16))
                .append(Html.esc(shorten(name, 18))).append("</text>");
        for (int i = 0; i < labels.size(); i++) {
            double share = labels.size() == 1 ? 0.5 : i / (double) (labels.size() - 1);
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">", x + 4, y(share) + 4))
                    .append(Html.esc(shorten(labels.get(i), 14))).append("</text>");
        }
    }

    /** A run's line; a missing value breaks it into pieces, and a lone point is a dot. */
    private static void line(StringBuilder svg, List<Scale> scales, int run, String color) {
        List<String> piece = new ArrayList<>();
        for (int a = 0; a <= scales.size(); a++) {
            double share = a < scales.size() ? scales.get(a).shares()[run] : Double.NaN;
            if (!Double.isNaN(share)) {
                piece.add(String.format(Locale.ROOT, "%.1f,%.1f", x(a), y(share)));
                continue;
            }
            if (piece.size() == 1) {
                String[] xy = piece.get(0).split(",");
                svg.append("<circle cx=\"").append(xy[0]).append("\" cy=\"").append(xy[1]).append("\" r=\"4\" fill=\"")
                        .append(color).append("\"/>");
            } else if (piece.size() > 1) {
                svg.append("<polyline stroke=\"").append(color).append("\" points=\"").append(String.join(" ", piece))
                        .append("\"/>");
            }
            piece.clear();
        }
    }

    private static double x(int axis) {
        return SIDE + axis * (double) SPACING;
    }

    private static double y(double share) {
        return HEIGHT - BOTTOM - share * (HEIGHT - TOP - BOTTOM);
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** What the plot shows, for screen readers: each run's values in axis order. */
    private static String summary(List<String> runs, List<Axis> axes) {
        StringBuilder text = new StringBuilder("Parallel coordinates of ").append(runs.size()).append(" runs over ");
        text.append(String.join(", ", axes.stream().map(Axis::name).toList())).append(". ");
        for (int r = 0; r < runs.size(); r++) {
            int run = r;
            text.append(runs.get(r)).append(": ").append(String.join(", ", axes.stream()
                    .map(a -> a.values().get(run) == null ? "none" : a.values().get(run)).toList())).append(". ");
        }
        return text.toString().strip();
    }
}
