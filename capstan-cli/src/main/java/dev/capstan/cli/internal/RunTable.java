package dev.capstan.cli.internal;

import dev.capstan.tracking.Metric;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.Run;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The table of runs that {@code runs list} and {@code quickstart} print: one row per run with its latest metrics in
 * their own columns (those sorted on first, at most {@value #MAX_METRIC_COLUMNS}) and its params in one compact column,
 * those whose values differ between the runs first, since they are what tells the runs apart.
 */
public final class RunTable {

    static final int MAX_METRIC_COLUMNS = 4;

    private RunTable() {
    }

    public static void print(List<Run> runs, List<String> orderBy, PrintWriter out) {
        List<String> metricKeys = metricKeys(runs, orderBy);
        List<String> shown = metricKeys.subList(0, Math.min(MAX_METRIC_COLUMNS, metricKeys.size()));
        table(runs, shown).print(out);
        if (metricKeys.size() > shown.size()) {
            out.printf("(%d more metrics not shown: see `runs describe RUN_ID` or --json)%n", metricKeys.size() - shown.size());
            out.flush();
        }
    }

    static TextTable table(List<Run> runs, List<String> metricKeys) {
        List<TextTable.Column> columns = new ArrayList<>(List.of(TextTable.Column.left("RUN ID", 32),
                TextTable.Column.left("NAME", 24), TextTable.Column.left("STATUS"), TextTable.Column.left("STARTED")));
        metricKeys.forEach(key -> columns.add(new TextTable.Column(key, 16, true)));
        columns.add(TextTable.Column.left("PARAMS", 40));
        TextTable table = new TextTable(columns);
        List<String> paramKeys = paramKeys(runs);
        for (Run run : runs) {
            Map<String, Double> metrics = latest(run);
            List<Object> cells = new ArrayList<>(List.of(run.info().runId(), nullToEmpty(run.info().runName()),
                    run.info().status(), Formats.time(run.info().startTime())));
            metricKeys.forEach(key -> cells.add(Formats.number(metrics.get(key))));
            cells.add(params(run, paramKeys));
            table.row(cells.toArray());
        }
        return table;
    }

    /** The metric keys of {@code runs}: those named in {@code orderBy} first, then the rest alphabetically. */
    static List<String> metricKeys(List<Run> runs, List<String> orderBy) {
        Set<String> all = new TreeSet<>();
        runs.forEach(run -> list(run.data().metrics()).forEach(m -> all.add(m.key())));
        Set<String> ordered = new LinkedHashSet<>();
        (orderBy == null ? List.<String>of() : orderBy).stream().map(RunTable::orderedMetric)
                .filter(key -> key != null && all.contains(key)).forEach(ordered::add);
        ordered.addAll(all);
        return List.copyOf(ordered);
    }

    /** The metric an {@code order_by} clause sorts on ({@code metrics.`val loss` DESC} gives {@code val loss}). */
    static String orderedMetric(String clause) {
        String key = clause.trim().replaceFirst("(?i)\\s+(ASC|DESC)$", "");
        String lower = key.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("metric.") && !lower.startsWith("metrics.")) {
            return null;
        }
        return key.substring(key.indexOf('.') + 1).replaceAll("^[`\"]|[`\"]$", "");
    }

    private static Map<String, Double> latest(Run run) {
        return list(run.data().metrics()).stream()
                .collect(Collectors.toMap(Metric::key, Metric::value, (a, b) -> b));
    }

    /** The param keys of {@code runs}, those whose values differ between runs first, each group alphabetical. */
    static List<String> paramKeys(List<Run> runs) {
        Map<String, Set<String>> values = new TreeMap<>();
        runs.forEach(run -> list(run.data().params()).forEach(p -> values.computeIfAbsent(p.key(), k -> new HashSet<>())));
        for (Run run : runs) {
            Map<String, String> params = params(run);
            values.forEach((key, seen) -> seen.add(String.valueOf(params.get(key))));
        }
        Comparator<String> varyingFirst = Comparator.comparing(key -> values.get(key).size() == 1);
        return values.keySet().stream().sorted(varyingFirst).toList();
    }

    private static String params(Run run, List<String> keys) {
        Map<String, String> params = params(run);
        return keys.stream().filter(params::containsKey).map(key -> key + "=" + params.get(key))
                .collect(Collectors.joining(" "));
    }

    private static Map<String, String> params(Run run) {
        return list(run.data().params()).stream().collect(Collectors.toMap(Param::key, Param::value, (a, b) -> b));
    }

    private static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
