package dev.capstan.server.ui;

import dev.capstan.CapstanException;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.MetricWithRunId;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.Run;
import dev.capstan.tracking.TrackingStore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code /compare?runs=A&runs=B...}: runs side by side: their params with the differing rows marked (only those with
 * {@code diff=1}), their latest metrics, parallel coordinates over the differing params and the metrics, and each
 * metric's history overlaid, one line per run.
 */
final class ComparePage {

    static final int MAX_RUNS = 10;
    private static final int MAX_AXES = 12;

    private ComparePage() {
    }

    static String render(TrackingStore tracking, List<String> runIds, boolean onlyDifferences) {
        if (runIds.size() < 2 || runIds.size() > MAX_RUNS) {
            throw CapstanException.invalid("Compare takes 2 to %d runs: choose them with the boxes of "
                    + "an experiment's runs; found %d", MAX_RUNS, runIds.size());
        }
        List<Run> runs = runIds.stream().map(tracking::getRun).toList();
        StringBuilder body = new StringBuilder("<h1>Compare ").append(runs.size()).append(" runs</h1>\n");
        body.append("<p>").append(onlyDifferences ? "<a href=\"" + Html.href("/compare", query(runIds, false))
                + "\">Show every param</a>" : "<a href=\"" + Html.href("/compare", query(runIds, true))
                + "\">Show only the params that differ</a>").append("</p>\n");
        Map<String, List<String>> params = rows(runs, ComparePage::params);
        Map<String, List<String>> metrics = rows(runs, ComparePage::metrics);
        body.append("<h2>Parameters</h2>\n").append(table(runs, params, onlyDifferences, false));
        body.append("<h2>Metrics</h2>\n").append(table(runs, metrics, false, true));
        body.append(ParallelCoordinates.render(runs.stream().map(Html::runName).toList(), axes(params, metrics)));
        TreeSet<String> keys = new TreeSet<>();
        runs.forEach(r -> r.data().metrics().forEach(m -> keys.add(m.key())));
        for (String key : keys) {
            List<List<MetricWithRunId>> lines = new ArrayList<>();
            for (Run run : runs) {
                lines.add(tracking.getMetricHistoryBulkInterval(List.of(run.info().runId()), key, null, null,
                        RunPage.POINTS));
            }
            body.append(SvgChart.metric(key, runs.stream().map(Html::runName).toList(), lines));
        }
        return Html.page("Compare runs", "experiments", body.toString());
    }

    /** The params whose values differ, then the metrics: the axes of the parallel coordinates, at most 12. */
    private static List<ParallelCoordinates.Axis> axes(Map<String, List<String>> params,
                                                       Map<String, List<String>> metrics) {
        Stream<ParallelCoordinates.Axis> differing = params.entrySet().stream().filter(e -> differs(e.getValue()))
                .map(e -> new ParallelCoordinates.Axis(e.getKey(), e.getValue()));
        Stream<ParallelCoordinates.Axis> results = metrics.entrySet().stream()
                .map(e -> new ParallelCoordinates.Axis(e.getKey(), e.getValue()));
        return Stream.concat(differing, results).limit(MAX_AXES).toList();
    }

    private static boolean differs(List<String> values) {
        return values.stream().distinct().count() > 1;
    }

    private static Map<String, String> query(List<String> runIds, boolean diff) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("runs", String.join(",", runIds));
        q.put("diff", diff ? "1" : null);
        return q;
    }

    /** A row per key that any run has, with each run's value (null where it has none), keys in order. */
    private static Map<String, List<String>> rows(List<Run> runs, Function<Run, Map<String, String>> values) {
        Map<String, List<String>> rows = new TreeMap<>();
        for (int r = 0; r < runs.size(); r++) {
            int column = r;
            values.apply(runs.get(r)).forEach((key, value) -> rows.computeIfAbsent(key,
                    k -> new ArrayList<>(Collections.nCopies(runs.size(), (String) null))).set(column, value));
        }
        return rows;
    }

    private static Map<String, String> params(Run run) {
        return run.data().params().stream().collect(Collectors.toMap(Param::key, Param::value, (a, b) -> b));
    }

    private static Map<String, String> metrics(Run run) {
        return run.data().metrics().stream().collect(Collectors.toMap(Metric::key, m -> Html.number(m.value()),
                (a, b) -> b));
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
            table.append("<th scope=\"col\">").append(SvgChart.swatch(r)).append(" <a href=\"/runs/")
                    .append(Html.encode(run.info().runId())).append("\">")
                    .append(Html.esc(Html.runName(run))).append("</a></th>");
        }
        table.append("</tr></thead><tbody>\n");
        for (Map.Entry<String, List<String>> row : rows.entrySet()) {
            boolean differs = differs(row.getValue());
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
}
