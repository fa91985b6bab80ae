package dev.capstan.server.monitor;

import dev.capstan.monitor.ColumnDrift;
import dev.capstan.monitor.DataDrift;
import dev.capstan.monitor.MonitorConfig;
import dev.capstan.monitor.PredictionLog;
import dev.capstan.monitor.ReferenceProfile;
import dev.capstan.monitor.WindowDrift;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A drift and performance report of one model version over a window of its prediction log: the dataset's and every
 * column's drift, reference-versus-current histograms, the performance over the rows with feedback, and a time
 * series of drift and performance over slices of the window. {@link HtmlReport} renders it as a page.
 *
 * @param status    {@code ok}, or {@code not_enough_data} when the window has fewer rows than the minimum
 * @param timeline  the window cut into at most 10 consecutive slices of equal row counts (at least 200 rows and
 *                  {@code min_rows} each, as fewer make the drift tests noisy), oldest first
 */
public record MonitorReport(String model, String version, String generated, int windowRows, String status,
                            String summary, DataDrift drift, ColumnDrift predictionDrift, Performance performance,
                            Map<String, Double> baseline, List<Histogram> histograms, List<Slice> timeline) {

    private static final int NUMERIC_BINS = 10;
    private static final int MOST_CATEGORIES = 12;
    private static final int MOST_SLICES = 10;
    private static final int ROWS_PER_SLICE = 200;

    /**
     * A column's distribution in the reference sample and the window, as shares of each sample per bin.
     *
     * @param bins a numeric column's bin edges as labels ({@code [1.0, 2.5)}), or a categorical column's values
     */
    public record Histogram(String column, boolean numeric, List<String> bins, double[] reference,
                            double[] current) {
    }

    /**
     * One slice of the window.
     *
     * @param driftShare the drifted share of columns in the slice, NaN when too few rows
     * @param metric     the headline metric over the slice's rows with feedback (accuracy or RMSE), NaN without
     */
    public record Slice(String from, String to, int rows, double driftShare, double predictionMean, int labeled,
                        double metric) {
    }

    /** The report of {@code window} (newest rows first, as {@link PredictionLog#read} gives them). */
    public static MonitorReport of(String model, String version, ReferenceProfile profile, PredictionLog.Rows window,
                                   MonitorConfig config) {
        int rows = window.rows().size();
        Performance performance = Performance.of(window, profile.classes());
        String generated = Instant.now().toString();
        if (rows < config.minRows()) {
            return new MonitorReport(model, version, generated, rows, ModelHealth.NOT_ENOUGH_DATA,
                    "Not enough data: " + rows + " rows in the window, at least " + config.minRows() + " needed",
                    null, null, performance, profile.metrics(), List.of(), List.of());
        }
        WindowDrift drift = WindowDrift.of(profile, window, config.drift());
        List<Histogram> histograms = new ArrayList<>();
        profile.inputs().forEach((name, column) -> histograms.add(histogram(name, column, window, "in_")));
        String watched = profile.predictionColumn();
        if (watched != null) {
            histograms.add(histogram(watched, profile.outputs().get(watched), window, "out_"));
        }
        return new MonitorReport(model, version, generated, rows, ModelHealth.OK, drift.inputs().summary(),
                drift.inputs(), drift.prediction(), performance, profile.metrics(), histograms,
                timeline(profile, window, config));
    }

    private static Histogram histogram(String name, ReferenceProfile.Column reference, PredictionLog.Rows window,
                                       String prefix) {
        Object[] current = window.valuesOf(prefix + name);
        if (reference.numeric()) {
            double[] ref = reference.numbers();
            double[] cur = Arrays.stream(current).filter(v -> v instanceof Number)
                    .mapToDouble(v -> ((Number) v).doubleValue()).toArray();
            double low = Math.min(min(ref), min(cur));
            double high = Math.max(max(ref), max(cur));
            double width = high > low ? (high - low) / NUMERIC_BINS : 1;
            List<String> bins = IntStream.range(0, NUMERIC_BINS).mapToObj(b -> String.format(java.util.Locale.ROOT,
                    "[%.4g, %.4g%s", low + b * width, low + (b + 1) * width, b == NUMERIC_BINS - 1 ? "]" : ")"))
                    .toList();
            return new Histogram(name, true, bins, numericShares(ref, low, width), numericShares(cur, low, width));
        }
        Object[] ref = reference.categories();
        Object[] cur = Arrays.stream(current).filter(Objects::nonNull).map(ReferenceProfile::category).toArray();
        Map<Object, Long> counts = new LinkedHashMap<>();
        for (Object v : ref) {
            counts.merge(v, 1L, Long::sum);
        }
        for (Object v : cur) {
            counts.merge(v, 1L, Long::sum);
        }
        List<String> bins = counts.entrySet().stream().sorted(Map.Entry.<Object, Long>comparingByValue().reversed()
                .thenComparing(e -> e.getKey().toString())).limit(MOST_CATEGORIES).map(e -> e.getKey().toString())
                .toList();
        Set<String> shown = new LinkedHashSet<>(bins);
        List<String> labels = new ArrayList<>(bins);
        if (counts.size() > bins.size()) {
            labels.add("(other)");
        }
        return new Histogram(name, false, labels, categoryShares(ref, shown, labels.size()),
                categoryShares(cur, shown, labels.size()));
    }

    private static double[] numericShares(double[] values, double low, double width) {
        double[] shares = new double[NUMERIC_BINS];
        for (double v : values) {
            shares[Math.min(NUMERIC_BINS - 1, Math.max(0, (int) ((v - low) / width)))]++;
        }
        return normalise(shares, values.length);
    }

    private static double[] categoryShares(Object[] values, Set<String> shown, int bins) {
        double[] shares = new double[bins];
        List<String> order = new ArrayList<>(shown);
        for (Object v : values) {
            int i = order.indexOf(v.toString());
            shares[i >= 0 ? i : bins - 1]++;
        }
        return normalise(shares, values.length);
    }

    private static double[] normalise(double[] counts, int total) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = total == 0 ? 0 : counts[i] / total;
        }
        return counts;
    }

    private static List<Slice> timeline(ReferenceProfile profile, PredictionLog.Rows window, MonitorConfig config) {
        int timeColumn = window.columns().indexOf("time");
        List<Object[]> oldestFirst = new ArrayList<>(window.rows());
        oldestFirst.sort(Comparator.comparing(r -> r[timeColumn].toString()));
        int perSlice = Math.max(ROWS_PER_SLICE, config.minRows());
        int slices = Math.max(1, Math.min(MOST_SLICES, oldestFirst.size() / perSlice));
        List<Slice> timeline = new ArrayList<>();
        for (int s = 0; s < slices; s++) {
            List<Object[]> part = oldestFirst.subList(s * oldestFirst.size() / slices,
                    (s + 1) * oldestFirst.size() / slices);
            PredictionLog.Rows rows = new PredictionLog.Rows(window.columns(), part);
            WindowDrift drift = WindowDrift.of(profile, rows, config.drift());
            Performance performance = Performance.of(rows, profile.classes());
            String headline = Performance.headline(performance.metrics());
            String watched = profile.predictionColumn();
            double mean = watched == null ? Double.NaN : rows.mean("out_" + watched);
            timeline.add(new Slice(time(part.get(0)[timeColumn]), time(part.get(part.size() - 1)[timeColumn]),
                    part.size(), drift.inputs().share(), mean, performance.labeled(),
                    headline == null ? Double.NaN : performance.metrics().get(headline)));
        }
        return timeline;
    }

    private static String time(Object value) {
        return value instanceof LocalDateTime t ? t.toInstant(ZoneOffset.UTC).toString() : String.valueOf(value);
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.POSITIVE_INFINITY);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NEGATIVE_INFINITY);
    }
}
