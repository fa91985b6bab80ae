package dev.capstan.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.capstan.CapstanException;
import dev.capstan.Json;
import dev.capstan.data.internal.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a model version was trained on, kept in its package as {@value #FILE} so that drift needs no access to the
 * training files: a sample of the training rows' inputs and of the model's outputs for the same rows, statistics of
 * every column over all training rows, and the version's baseline metrics (its test scores).
 *
 * @param rows    the training rows the statistics cover
 * @param inputs  the input columns by name
 * @param outputs the output columns by name, as the prediction log names them ({@code label},
 *                {@code probability_1}, {@code prediction}, ...)
 * @param classes a classifier's class labels by index; empty otherwise
 * @param metrics the baseline metrics ({@code accuracy_score}, {@code root_mean_squared_error}, ...)
 */
public record ReferenceProfile(long rows, Map<String, Column> inputs, Map<String, Column> outputs,
                               List<String> classes, Map<String, Double> metrics) {

    public static final String FILE = "reference_profile.json";
    public static final int DEFAULT_SAMPLE = 5000;
    private static final int TOP_CATEGORIES = 20;

    public ReferenceProfile {
        inputs = new LinkedHashMap<>(inputs);
        outputs = new LinkedHashMap<>(outputs);
        classes = classes == null ? List.of() : List.copyOf(classes);
        metrics = metrics == null ? Map.of() : new TreeMap<>(metrics);
    }

    /**
     * One column.
     *
     * @param numeric whether its values are numbers
     * @param count   values present
     * @param missing values missing (null or NaN)
     * @param stats   a numeric column's mean, std, min, p05, p25, p50, p75, p95, max; empty otherwise
     * @param top     a categorical column's most frequent values (at most 20) and their counts; empty otherwise
     * @param sample  the sampled rows' values (numbers as doubles, others as text, null when missing)
     */
    public record Column(boolean numeric, long count, long missing, Map<String, Double> stats,
                         Map<String, Long> top, List<Object> sample) {

        public Column {
            stats = stats == null ? Map.of() : stats;
            top = top == null ? Map.of() : top;
            sample = sample == null ? List.of() : sample;
        }

        /** The sample's numbers without the missing ones. */
        public double[] numbers() {
            return sample.stream().filter(v -> v instanceof Number).mapToDouble(v -> ((Number) v).doubleValue())
                    .filter(v -> !Double.isNaN(v)).toArray();
        }

        /** The sample's values as text without the missing ones, as categories are compared. */
        public Object[] categories() {
            return sample.stream().filter(v -> v != null).map(ReferenceProfile::category).toArray();
        }

        /**
         * A column's profile: statistics over all {@code values} ({@code double[]}, NaN missing, or {@code Object[]}),
         * and the values at {@code sampleRows}.
         */
        public static Column of(Object values, int[] sampleRows) {
            Object[] all = values instanceof double[] d ? Arrays.stream(d).boxed().toArray() : (Object[]) values;
            List<Object> present = Arrays.stream(all).filter(v -> v != null && !(v instanceof Double d && d.isNaN()))
                    .toList();
            boolean numeric = !present.isEmpty() && present.stream().allMatch(v -> v instanceof Number);
            List<Object> sample = new ArrayList<>(sampleRows.length);
            for (int r : sampleRows) {
                Object v = all[r];
                sample.add(v == null || v instanceof Double d && d.isNaN() ? null
                        : numeric ? (Object) ((Number) v).doubleValue() : category(v));
            }
            long missing = all.length - present.size();
            if (numeric) {
                double[] sorted = present.stream().mapToDouble(v -> ((Number) v).doubleValue()).sorted().toArray();
                return new Column(true, sorted.length, missing, numberStats(sorted), Map.of(), sample);
            }
            Map<String, Long> counts = present.stream().collect(Collectors.groupingBy(ReferenceProfile::category,
                    TreeMap::new, Collectors.counting()));
            Map<String, Long> top = new LinkedHashMap<>();
            counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                    .limit(TOP_CATEGORIES).forEach(e -> top.put(e.getKey(), e.getValue()));
            return new Column(false, present.size(), missing, Map.of(), top, sample);
        }

        private static Map<String, Double> numberStats(double[] sorted) {
            Map<String, Double> stats = new LinkedHashMap<>();
            if (sorted.length == 0) {
                return stats;
            }
            double mean = Arrays.stream(sorted).average().orElseThrow();
            double squares = Arrays.stream(sorted).map(v -> (v - mean) * (v - mean)).sum();
            stats.put("mean", mean);
            stats.put("std", sorted.length > 1 ? Math.sqrt(squares / (sorted.length - 1)) : 0.0);
            stats.put("min", sorted[0]);
            for (int p : new int[] {5, 25, 50, 75, 95}) {
                stats.put(String.format("p%02d", p), quantile(sorted, p / 100.0));
            }
            stats.put("max", sorted[sorted.length - 1]);
            return stats;
        }

        /** numpy's default (linear) quantile of sorted values. */
        private static double quantile(double[] sorted, double q) {
            double position = q * (sorted.length - 1);
            int below = (int) Math.floor(position);
            int above = Math.min(below + 1, sorted.length - 1);
            return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
        }
    }

    /** A value as a category: integral numbers without a fraction ({@code 1}, not {@code 1.0}), the rest as text. */
    public static String category(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        if (value instanceof Float f && f == Math.rint(f) && !Float.isInfinite(f)) {
            return Long.toString(f.longValue());
        }
        return String.valueOf(value);
    }

    /**
     * The output whose drift and mean are watched: a binary classifier's {@code probability_1}, else a regressor's
     * {@code prediction}, else {@code label}, else the first output; null when there is none.
     */
    public String predictionColumn() {
        return watchedOutput(outputs.keySet());
    }

    /** {@link #predictionColumn}'s rule over any output names. */
    public static String watchedOutput(java.util.Collection<String> names) {
        if (names.contains("probability_1") && !names.contains("probability_2")) {
            return "probability_1";
        }
        for (String name : List.of("prediction", "label")) {
            if (names.contains(name)) {
                return name;
            }
        }
        return names.isEmpty() ? null : names.iterator().next();
    }

    /** The mean of the watched output over the sample; NaN when it is not numeric. */
    public double predictionMean() {
        Column column = outputs.get(predictionColumn());
        if (column == null || !column.numeric()) {
            return Double.NaN;
        }
        return Arrays.stream(column.numbers()).average().orElse(Double.NaN);
    }

    /** Writes the profile into a model directory, aside and renamed. */
    public void write(Path modelDir) {
        try {
            AtomicFiles.write(modelDir.resolve(FILE), Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(this));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The profile in a model directory, or empty when it has none. */
    public static Optional<ReferenceProfile> read(Path modelDir) {
        Path file = modelDir.resolve(FILE);
        try {
            return Optional.of(Json.MAPPER.readValue(Files.readString(file, StandardCharsets.UTF_8),
                    ReferenceProfile.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (JsonProcessingException e) {
            throw CapstanException.invalid("%s is not a reference profile: %s", file, e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** Evenly spaced rows of {@code rows}, at most {@code size}, in order: deterministic, so packages are too. */
    public static int[] sampleRows(int rows, int size) {
        if (rows <= size) {
            return java.util.stream.IntStream.range(0, rows).toArray();
        }
        int[] picked = new int[size];
        for (int i = 0; i < size; i++) {
            picked[i] = (int) ((long) i * rows / size);
        }
        return picked;
    }
}
