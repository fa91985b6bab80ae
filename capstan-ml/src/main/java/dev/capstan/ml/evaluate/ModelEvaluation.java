package dev.capstan.ml.evaluate;

import dev.capstan.CapstanException;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.mlmodel.MLmodels;
import dev.capstan.ml.pipeline.PipelineFlavor;
import dev.capstan.ml.predict.BatchFiles;
import dev.capstan.ml.predict.ModelScorer;
import dev.capstan.ml.predict.Predictions;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * {@code capstan evaluate}: scores a labelled table with a model as it is served and measures the predictions
 * against the labels, over all rows and per value of a slice column. A model that gives class probabilities is a
 * classifier: its classes are the {@code capstan_pipeline} flavor's, else the class indices 0, 1, ...; one that
 * gives a {@code prediction} is a regressor.
 */
public final class ModelEvaluation {

    /** Metrics where lower is better: losses and errors. Every other metric is better higher. */
    private static final java.util.Set<String> LOWER_IS_BETTER = java.util.Set.of("log_loss", "mean_absolute_error",
            "mean_squared_error", "root_mean_squared_error", "mean_absolute_percentage_error", "max_error");

    private ModelEvaluation() {
    }

    /** Whether a lower value of the metric is better (a loss or an error). */
    public static boolean lowerIsBetter(String metric) {
        return LOWER_IS_BETTER.contains(metric);
    }

    /**
     * The metrics of a model on a table.
     *
     * @param rows    the rows scored
     * @param overall all rows: a classifier's full evaluation, or null for a regressor
     * @param metrics all rows' metrics
     * @param slices  per value of the slice column (in its sorted order), that slice's metrics; empty without one
     */
    public record Report(int rows, Evaluation overall, Map<String, Double> metrics,
                         Map<String, Map<String, Double>> slices) {
    }

    /** Evaluates the model in {@code modelDir} on {@code data} (CSV or JSON), labels in {@code target}. */
    public static Report evaluate(Path modelDir, Path data, String target, String sliceBy) {
        ColumnarBatch table = BatchFiles.read(data);
        Object actual = column(table, target, "target");
        Object slices = sliceBy == null ? null : column(table, sliceBy, "slice");
        Predictions predictions;
        try (ModelScorer scorer = ModelScorer.open(modelDir)) {
            predictions = scorer.score(without(table, target));
        }
        int[] all = IntStream.range(0, table.rowCount()).toArray();
        Object probabilities = predictions.output(Predictions.PROBABILITIES);
        Scoring scoring = probabilities instanceof double[][] p
                ? new Classifier(classes(modelDir, p[0].length), actual, p)
                : new Regressor(number(actual, target), regression(predictions));
        Evaluation overall = scoring instanceof Classifier c ? c.evaluate(all) : null;
        Map<String, Double> metrics = overall != null ? overall.metrics() : scoring.metrics(all);
        Map<String, Map<String, Double>> bySlice = new LinkedHashMap<>();
        if (slices != null) {
            groups(slices).forEach((value, rows) -> bySlice.put(value, scoring.metrics(rows)));
        }
        return new Report(table.rowCount(), overall, metrics, bySlice);
    }

    /** Metrics over some rows. */
    private interface Scoring {
        Map<String, Double> metrics(int[] rows);
    }

    private record Classifier(List<String> classes, int[] actual, double[][] probabilities) implements Scoring {

        Classifier(List<String> classes, Object actual, double[][] probabilities) {
            this(classes, indices(classes, actual), probabilities);
        }

        Evaluation evaluate(int[] rows) {
            int[] picked = new int[rows.length];
            double[][] p = new double[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                picked[i] = actual[rows[i]];
                p[i] = probabilities[rows[i]];
            }
            return ClassificationMetrics.evaluate(classes, picked, p);
        }

        @Override
        public Map<String, Double> metrics(int[] rows) {
            return evaluate(rows).metrics();
        }
    }

    private record Regressor(double[] actual, double[] predicted) implements Scoring {
        @Override
        public Map<String, Double> metrics(int[] rows) {
            return RegressionMetrics.evaluate(pick(actual, rows), pick(predicted, rows));
        }
    }

    /** The classes a classifier's probabilities are in the order of: the pipeline flavor's, else 0, 1, .... */
    private static List<String> classes(Path modelDir, int width) {
        Map<String, Object> flavor = MLmodels.read(modelDir).flavor(PipelineFlavor.NAME);
        if (flavor != null && flavor.get("classes") instanceof List<?> classes) {
            return classes.stream().map(String::valueOf).toList();
        }
        return IntStream.range(0, width).mapToObj(Integer::toString).toList();
    }

    /** Each row's class index: its label as text ({@code 1.0} is {@code 1}) among the classes. */
    private static int[] indices(List<String> classes, Object actual) {
        int rows = Array.getLength(actual);
        int[] indices = new int[rows];
        for (int row = 0; row < rows; row++) {
            String label = label(Array.get(actual, row));
            indices[row] = classes.indexOf(label);
            if (indices[row] < 0) {
                throw CapstanException.invalid("row %d: the label '%s' is not a class of the model (%s)", row, label,
                        String.join(", ", classes));
            }
        }
        return indices;
    }

    private static String label(Object value) {
        if (value == null || value instanceof Double d && d.isNaN()) {
            return "null";
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return Long.toString(n.longValue());
        }
        return String.valueOf(value);
    }

    private static double[] number(Object actual, String target) {
        int rows = Array.getLength(actual);
        double[] values = new double[rows];
        for (int row = 0; row < rows; row++) {
            Object value = Array.get(actual, row);
            if (!(value instanceof Number n) || Double.isNaN(n.doubleValue())) {
                throw CapstanException.invalid("row %d: the target '%s' holds '%s'; a regressor needs numbers", row,
                        target, value);
            }
            values[row] = n.doubleValue();
        }
        return values;
    }

    private static double[] regression(Predictions predictions) {
        if (!(predictions.output(Predictions.PREDICTION) instanceof double[] predicted)) {
            throw CapstanException.invalid("the model gives neither class probabilities nor one prediction per row, "
                    + "but %s", predictions.outputs().keySet());
        }
        return predicted;
    }

    private static Object column(ColumnarBatch table, String name, String role) {
        Object column = table.column(name);
        if (column == null) {
            throw CapstanException.invalid("the %s column '%s' is not in the data (its columns: %s)", role, name,
                    String.join(", ", table.columns().keySet()));
        }
        return column;
    }

    private static ColumnarBatch without(ColumnarBatch table, String target) {
        Map<String, Object> columns = new LinkedHashMap<>(table.columns());
        columns.remove(target);
        return new ColumnarBatch(columns, table.rowCount());
    }

    /** The rows of each value of the slice column, values sorted as text. */
    private static Map<String, int[]> groups(Object slices) {
        Map<String, List<Integer>> groups = new TreeMap<>();
        for (int row = 0; row < Array.getLength(slices); row++) {
            groups.computeIfAbsent(label(Array.get(slices, row)), k -> new ArrayList<>()).add(row);
        }
        Map<String, int[]> rows = new LinkedHashMap<>();
        groups.forEach((value, list) -> rows.put(value, list.stream().mapToInt(Integer::intValue).toArray()));
        return rows;
    }

    private static double[] pick(double[] values, int[] rows) {
        double[] picked = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            picked[i] = values[rows[i]];
        }
        return picked;
    }
}
