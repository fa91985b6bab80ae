package dev.capstan.server.monitor;

import dev.capstan.ml.evaluate.ClassificationMetrics;
import dev.capstan.ml.evaluate.RegressionMetrics;
import dev.capstan.monitor.PredictionLog;
import dev.capstan.monitor.ReferenceProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A window's performance over its rows that have feedback: a classifier's accuracy, precision, recall, F1, ROC AUC
 * and log loss (scikit-learn's, from its logged probabilities), or its accuracy alone when its classes or
 * probabilities are unknown; a regressor's RMSE, MAE, R² and the rest of {@link RegressionMetrics}.
 *
 * @param labeled   rows with feedback
 * @param unmatched rows whose feedback is no class of the model (or no number for a regressor), left out
 * @param metrics   the metrics, empty without labeled rows
 */
public record Performance(int labeled, int unmatched, Map<String, Double> metrics) {

    static final Performance NONE = new Performance(0, 0, Map.of());

    /** The performance of {@code rows} (from {@link PredictionLog#read}) for a model with these classes. */
    public static Performance of(PredictionLog.Rows rows, List<String> classes) {
        if (!rows.columns().contains("actual_label")) {
            return NONE;
        }
        Object[] labels = rows.column("actual_label");
        Object[] values = rows.column("actual_value");
        if (rows.columns().contains("out_prediction") && !rows.columns().contains("out_label")) {
            return regression(rows.column("out_prediction"), labels, values);
        }
        if (rows.columns().contains("out_label")) {
            return classification(rows, labels, classes);
        }
        return NONE;
    }

    private static Performance regression(Object[] predicted, Object[] labels, Object[] values) {
        List<double[]> pairs = new ArrayList<>();
        int unmatched = 0;
        for (int r = 0; r < predicted.length; r++) {
            Double actual = values[r] instanceof Number n ? (Double) n.doubleValue() : number(labels[r]);
            if (labels[r] == null && values[r] == null) {
                continue;
            }
            if (actual == null || !(predicted[r] instanceof Number p)) {
                unmatched++;
                continue;
            }
            pairs.add(new double[] {actual, p.doubleValue()});
        }
        if (pairs.isEmpty()) {
            return new Performance(0, unmatched, Map.of());
        }
        double[] actual = pairs.stream().mapToDouble(p -> p[0]).toArray();
        double[] predictedValues = pairs.stream().mapToDouble(p -> p[1]).toArray();
        return new Performance(pairs.size(), unmatched, new TreeMap<>(RegressionMetrics.evaluate(actual,
                predictedValues)));
    }

    private static Performance classification(PredictionLog.Rows rows, Object[] labels, List<String> classes) {
        Object[] predicted = rows.column("out_label");
        List<Object[]> probabilities = new ArrayList<>();
        for (int k = 0; rows.columns().contains("out_probability_" + k); k++) {
            probabilities.add(rows.column("out_probability_" + k));
        }
        boolean scored = classes.size() >= 2 && probabilities.size() == classes.size();
        List<Integer> actual = new ArrayList<>();
        List<double[]> scores = new ArrayList<>();
        int labeled = 0;
        int unmatched = 0;
        int correct = 0;
        for (int r = 0; r < predicted.length; r++) {
            if (labels[r] == null) {
                continue;
            }
            String label = ReferenceProfile.category(labels[r]);
            int index = classes.indexOf(label);
            if (!classes.isEmpty() && index < 0) {
                unmatched++;
                continue;
            }
            labeled++;
            if (predicted[r] != null && ReferenceProfile.category(predicted[r]).equals(label)) {
                correct++;
            }
            double[] row = scored ? row(probabilities, r) : null;
            scored = row != null;
            actual.add(index);
            scores.add(row);
        }
        if (labeled == 0) {
            return new Performance(0, unmatched, Map.of());
        }
        if (!scored) {
            return new Performance(labeled, unmatched, Map.of(ClassificationMetrics.ACCURACY_SCORE,
                    correct / (double) labeled));
        }
        int[] actualClasses = actual.stream().mapToInt(Integer::intValue).toArray();
        return new Performance(labeled, unmatched, new TreeMap<>(ClassificationMetrics.evaluate(classes,
                actualClasses, scores.toArray(double[][]::new)).metrics()));
    }

    /** A row's class probabilities, normalised against rounding; null when one is missing. */
    private static double[] row(List<Object[]> probabilities, int r) {
        double[] row = new double[probabilities.size()];
        double sum = 0;
        for (int k = 0; k < row.length; k++) {
            if (!(probabilities.get(k)[r] instanceof Number n)) {
                return null;
            }
            row[k] = n.doubleValue();
            sum += row[k];
        }
        for (int k = 0; k < row.length; k++) {
            row[k] /= sum;
        }
        return row;
    }

    private static Double number(Object label) {
        if (label == null) {
            return null;
        }
        try {
            return Double.parseDouble(label.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The metric watched against the baseline: accuracy for a classifier, RMSE for a regressor; null if neither. */
    public static String headline(Map<String, Double> metrics) {
        if (metrics.containsKey(ClassificationMetrics.ACCURACY_SCORE)) {
            return ClassificationMetrics.ACCURACY_SCORE;
        }
        return metrics.containsKey(RegressionMetrics.ROOT_MEAN_SQUARED_ERROR)
                ? RegressionMetrics.ROOT_MEAN_SQUARED_ERROR : null;
    }
}
