package dev.capstan.server.ui;

import dev.capstan.tracking.Metric;
import dev.capstan.tracking.MetricWithRunId;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.Run;
import dev.capstan.tracking.TrackingStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * {@code /compare?runs=A&runs=B...}: runs side by side: their params with the differing rows marked (only those with
 * {@code diff=1}), their latest metrics, and each metric's history overlaid, one line per run.
 */
final class ComparePage {

    static final int MAX_RUNS = 10;
    private static final String[] COLORS = {"#0a58ca", "#d63384", "#198754", "#fd7e14", "#6f42c1", "#20c997",
        "#dc3545", "#6c757d", "#0dcaf0", "#795548"};
    private static final int WIDTH = 640;
    private static final int HEIGHT = 220;
    private static final int PAD = 36;

    private ComparePage() {
    }

    static String render(TrackingStore tracking, List<String> runIds, boolean onlyDifferences) {
        if (runIds.size() < 2 || runIds.size() > MAX_RUNS) {
            throw dev.capstan.CapstanException.invalid("Compare takes 2 to %d runs: choose them with the boxes of "
                    + "an experiment's runs; found %d", MAX_RUNS, runIds.size());
        }
        List<Run> runs = runIds.stream().map(tracking::getRun).toList();
        StringBuilder body = new StringBuilder("<h1>Compare ").append(runs.size()).append(" runs</h1>\n");
        body.append("<p>").append(onlyDifferences ? "<a href=\"" + Html.href("/compare", query(runIds, false))
                + "\">Show every param</a>" : "<a href=\"" + Html.href("/compare", query(runIds, true))
                + "\">Show only the params that differ</a>").append("</p>\n");
        body.append("<h2>Parameters</h2>\n").append(table(runs, params(runs), onlyDifferences, false));
        body.append("<h2>Metrics</h2>\n").append(table(runs, metrics(runs), false, true));
        TreeSet<String> keys = new TreeSet<>();
        runs.forEach(r -> r.data().metrics().forEach(m -> keys.add(m.key())));
        for (String key : keys) {
            List<List<MetricWithRunId>> lines = new ArrayList<>();
            for (Run run : runs) {
                lines.add(tracking.getMetricHistoryBulkInterval(List.of(run.info().runId()), key, null, null,
                        RunPage.POINTS));
            }
            body.append(chart(key, runs, lines));
        }
        return Html.page("Compare runs", "experiments", body.toString());
    }

    private static Map<String, String> query(List<String> runIds, boolean diff) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("runs", String.join(",", runIds));
        q.put("diff", diff ? "1" : null);
        return q;
    }

    private static Map<String, List<String>> params(List<Run> runs) {
        Map<String, List<String>> rows = new java.util.TreeMap<>();
        for (int r = 0; r < runs.size(); r++) {
            for (Param p : runs.get(r).data().params()) {
                rows.computeIfAbsent(p.key(), k -> new ArrayList<>(java.util.Collections.nCopies(runs.size(),
                        (String) null))).set(r, p.value());
            }
        }
        return rows;
    }

    private static Map<String, List<String>> metrics(List<Run> runs) {
        Map<String, List<String>> rows = new java.util.TreeMap<>();
        for (int r = 0; r < runs.size(); r++) {
            for (Metric m : runs.get(r).data().metrics()) {
                rows.computeIfAbsent(m.key(), k -> new ArrayList<>(java.util.Collections.nCopies(runs.size(),
                        (String) null))).set(r, Html.number(m.value()));
            }
        }
        return rows;
    }

    /** A row per key, a column per run; a row whose values differ is marked, or the only kind shown. */
    private static String table(List<Run> runs, Map<String, List<String>> rows, boolean onlyDifferences,
                                boolean numbers) {
        if (rows.isEmpty()) {
            return "<p class=\"empty\">None logged.</p>\n";
        }
        StringBuilder table = new StringBuilder("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">"
                + "</th>");
        for (int r = 0; r < runs.size(); r++) {
            Run run = runs.get(r);
            table.append("<th scope=\"col\"><svg class=\"swatch\" width=\"10\" height=\"10\" aria-hidden=\"true\">"
                    + "<rect width=\"10\" height=\"10\" fill=\"").append(COLORS[r]).append("\"/></svg> <a href=\"/runs/").append(Html.encode(run.info().runId())).append("\">")
                    .append(Html.esc(name(run))).append("</a></th>");
        }
        table.append("</tr></thead><tbody>\n");
        for (Map.Entry<String, List<String>> row : rows.entrySet()) {
            boolean differs = row.getValue().stream().distinct().count() > 1;
            if (onlyDifferences && !differs) {
                continue;
            }
            table.append("<tr").append(differs ? " class=\"differs\"" : "").append("><th scope=\"row\">")
                    .append(Html.esc(row.getKey())).append(differs ? " <span class=\"muted\">(differs)</span>" : "")
                    .append("</th>");
            for (String value : row.getValue()) {
                table.append(numbers ? "<td class=\"num\">" : "<td>").append(Html.esc(Objects.toString(value, "")))
                        .append("</td>");
            }
            table.append("</tr>\n");
        }
        return table.append("</tbody></table></div>\n").toString();
    }

    /** One chart of a metric with a line (or a dot) per run, on shared axes. */
    private static String chart(String key, List<Run> runs, List<List<MetricWithRunId>> lines) {
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
        StringBuilder svg = new StringBuilder("<figure><figcaption>").append(Html.esc(key)).append("</figcaption>"
                + "<svg class=\"chart\" role=\"img\" aria-label=\"").append(Html.esc(key)).append(" of ")
                .append(runs.size()).append(" runs, steps ").append(minStep).append(" to ").append(maxStep)
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
            String[] first = points.toString().split(" ")[0].split(",");
            svg.append(lines.get(r).size() == 1
                    ? "<circle cx=\"" + first[0] + "\" cy=\"" + first[1] + "\" r=\"4\" fill=\"" + COLORS[r] + "\"/>"
                    : "<polyline stroke=\"" + COLORS[r] + "\" points=\"" + points.toString().strip() + "\"/>");
        }
        svg.append("<text x=\"4\" y=\"14\">").append(Html.number(max)).append("</text><text x=\"4\" y=\"")
                .append(HEIGHT - 4).append("\">").append(Html.number(min)).append("</text></svg></figure>\n");
        return svg.toString();
    }

    private static String name(Run run) {
        return run.info().runName() == null || run.info().runName().isBlank() ? run.info().runId()
                : run.info().runName();
    }
}
