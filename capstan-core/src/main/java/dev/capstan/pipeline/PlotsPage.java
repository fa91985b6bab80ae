package dev.capstan.pipeline;

import dev.capstan.CapstanException;
import dev.capstan.Json;
import dev.capstan.data.internal.YamlTree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code dvc plots show}: the stages' plots files (CSV, TSV, JSON or YAML lists of records) drawn as inline SVG in
 * one self-contained HTML page, with DVC's templates {@code linear} (the default), {@code scatter} and
 * {@code confusion}. {@code x} defaults to the row number ({@code step}), {@code y} to the last numeric column;
 * a confusion matrix counts {@code x} (actual) against {@code y} (predicted).
 */
public final class PlotsPage {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 320;
    private static final int MARGIN = 48;

    private PlotsPage() {
    }

    public static String render(List<Stage> stages, Path root) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Plots</title><style>body{font-family:sans-serif;margin:2em}figure{margin:0 0 2em}"
                + "svg text{font-size:12px}td{padding:4px 8px;text-align:right}</style></head><body><h1>Plots</h1>\n");
        int count = 0;
        for (Stage stage : stages) {
            for (Stage.Output out : stage.outs()) {
                if (out.kind() == Stage.Output.Kind.PLOTS) {
                    Path file = stage.workDir().resolve(out.path()).normalize();
                    String name = root.relativize(file).toString();
                    html.append("<figure><figcaption><b>").append(escape(String.valueOf(out.plot().getOrDefault(
                            "title", name)))).append("</b> (").append(escape(name)).append(")</figcaption>\n");
                    html.append(Files.exists(file) ? figure(rows(file), out.plot()) : "<p>not produced yet</p>");
                    html.append("</figure>\n");
                    count++;
                }
            }
        }
        if (count == 0) {
            html.append("<p>No stage has plots.</p>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    private static String figure(List<Map<String, String>> rows, Map<String, Object> plot) {
        if (rows.isEmpty()) {
            return "<p>no data</p>";
        }
        String template = String.valueOf(plot.getOrDefault("template", "linear"));
        List<String> columns = new ArrayList<>(rows.get(0).keySet());
        String y = String.valueOf(plot.getOrDefault("y", columns.stream().filter(c -> numeric(rows, c))
                .reduce((a, b) -> b).orElse(columns.get(columns.size() - 1))));
        if (template.equals("confusion")) {
            return confusion(rows, String.valueOf(plot.getOrDefault("x", columns.get(0))), y);
        }
        String x = (String) plot.get("x");
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Double px = x == null ? Double.valueOf(i) : number(rows.get(i).get(x));
            Double py = number(rows.get(i).get(y));
            if (px != null && py != null) {
                points.add(new double[] {px, py});
            }
        }
        return chart(points, template.equals("scatter"), String.valueOf(plot.getOrDefault("x_label", x == null ? "step" : x)),
                String.valueOf(plot.getOrDefault("y_label", y)));
    }

    private static String chart(List<double[]> points, boolean scatter, String xLabel, String yLabel) {
        if (points.isEmpty()) {
            return "<p>no numeric data</p>";
        }
        double minX = points.stream().mapToDouble(p -> p[0]).min().orElse(0);
        double maxX = points.stream().mapToDouble(p -> p[0]).max().orElse(1);
        double minY = points.stream().mapToDouble(p -> p[1]).min().orElse(0);
        double maxY = points.stream().mapToDouble(p -> p[1]).max().orElse(1);
        StringBuilder svg = new StringBuilder(String.format("<svg width=\"%d\" height=\"%d\" role=\"img\" "
                + "aria-label=\"%s against %s\">", WIDTH, HEIGHT, escape(yLabel), escape(xLabel)));
        svg.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>", MARGIN, HEIGHT - MARGIN,
                WIDTH - 10, HEIGHT - MARGIN));
        svg.append(String.format("<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>", MARGIN, MARGIN,
                HEIGHT - MARGIN));
        StringBuilder line = new StringBuilder();
        for (double[] p : points) {
            double sx = MARGIN + (maxX == minX ? 0.5 : (p[0] - minX) / (maxX - minX)) * (WIDTH - MARGIN - 10);
            double sy = HEIGHT - MARGIN - (maxY == minY ? 0.5 : (p[1] - minY) / (maxY - minY)) * (HEIGHT - MARGIN - 10);
            if (scatter) {
                svg.append(String.format("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#1f77b4\"/>", sx, sy));
            } else {
                line.append(String.format("%.1f,%.1f ", sx, sy));
            }
        }
        if (!scatter) {
            svg.append("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"").append(line.toString()
                    .strip()).append("\"/>");
        }
        svg.append(String.format("<text x=\"%d\" y=\"%d\">%s</text>", WIDTH / 2, HEIGHT - 12, escape(xLabel)));
        svg.append(String.format("<text x=\"4\" y=\"12\">%s</text>", escape(yLabel)));
        svg.append(String.format("<text x=\"%d\" y=\"%d\">%s</text>", 4, HEIGHT - MARGIN, label(minY)));
        svg.append(String.format("<text x=\"%d\" y=\"%d\">%s</text>", 4, 24, label(maxY)));
        svg.append(String.format("<text x=\"%d\" y=\"%d\">%s</text>", MARGIN, HEIGHT - MARGIN + 16, label(minX)));
        svg.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", WIDTH - 10,
                HEIGHT - MARGIN + 16, label(maxX)));
        return svg.append("</svg>\n").toString();
    }

    /** Counts of each (actual, predicted) pair, as a table shaded by count. */
    private static String confusion(List<Map<String, String>> rows, String actual, String predicted) {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        TreeSet<String> labels = new TreeSet<>();
        int max = 1;
        for (Map<String, String> row : rows) {
            String a = row.getOrDefault(actual, "");
            String p = row.getOrDefault(predicted, "");
            labels.add(a);
            labels.add(p);
            int n = counts.computeIfAbsent(a, k -> new TreeMap<>()).merge(p, 1, Integer::sum);
            max = Math.max(max, n);
        }
        StringBuilder table = new StringBuilder("<table><caption>rows: ").append(escape(actual))
                .append(" (actual), columns: ").append(escape(predicted)).append(" (predicted)</caption><tr><th></th>");
        labels.forEach(l -> table.append("<th>").append(escape(l)).append("</th>"));
        table.append("</tr>");
        for (String a : labels) {
            table.append("<tr><th>").append(escape(a)).append("</th>");
            for (String p : labels) {
                int n = counts.getOrDefault(a, Map.of()).getOrDefault(p, 0);
                table.append(String.format("<td style=\"background:rgba(31,119,180,%.2f)\">%d</td>", 0.1 + 0.8 * n / max, n));
            }
            table.append("</tr>");
        }
        return table.append("</table>\n").toString();
    }

    /** The file's records: CSV or TSV with a header, or a JSON/YAML list of objects (or one list under a key). */
    static List<Map<String, String>> rows(Path file) {
        String name = file.getFileName().toString();
        try {
            if (name.endsWith(".csv") || name.endsWith(".tsv")) {
                return delimited(Files.readAllLines(file, StandardCharsets.UTF_8), name.endsWith(".tsv") ? '\t' : ',');
            }
            Object data = name.endsWith(".json") ? Json.MAPPER.readValue(file.toFile(), Object.class)
                    : YamlTree.read(file).root();
            if (data instanceof Map<?, ?> map && map.size() == 1 && map.values().iterator().next() instanceof List<?> l) {
                data = l;
            }
            if (!(data instanceof List<?> list)) {
                throw CapstanException.invalid("%s: expected a list of records for a plot", file);
            }
            List<Map<String, String>> rows = new ArrayList<>();
            for (Object item : list) {
                Map<String, String> row = new LinkedHashMap<>();
                if (item instanceof Map<?, ?> record) {
                    record.forEach((k, v) -> row.put(String.valueOf(k), String.valueOf(v)));
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the plot " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<Map<String, String>> delimited(List<String> lines, char separator) {
        List<Map<String, String>> rows = new ArrayList<>();
        if (lines.isEmpty()) {
            return rows;
        }
        List<String> header = fields(lines.get(0), separator);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> values = fields(line, separator);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), i < values.size() ? values.get(i) : "");
            }
            rows.add(row);
        }
        return rows;
    }

    /** One line's fields, with RFC 4180 quotes ({@code "a,b"}, {@code ""} for a quote). */
    private static List<String> fields(String line, char separator) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static boolean numeric(List<Map<String, String>> rows, String column) {
        return rows.stream().allMatch(r -> number(r.get(column)) != null);
    }

    private static Double number(String value) {
        try {
            return value == null ? null : Double.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String label(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format("%.4g", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
