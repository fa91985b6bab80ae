package dev.capstan.ml.evaluate;

import dev.capstan.ml.evaluate.internal.CalibrationBins;
import dev.capstan.ml.evaluate.internal.ClassCounts;
import dev.capstan.ml.evaluate.internal.Inputs;
import dev.capstan.ml.evaluate.internal.LogLoss;
import dev.capstan.ml.evaluate.internal.RankedScores;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classifier metrics equal to scikit-learn's, under the names {@code mlflow.evaluate} logs them, so that runs
 * evaluated by Capstan compare with runs evaluated by MLflow.
 *
 * <p>The predicted class of a row is its most probable class (the lowest index on a tie, as {@code numpy.argmax}).
 * Every classifier gets {@value #EXAMPLE_COUNT}, {@value #ACCURACY_SCORE}, {@value #LOG_LOSS} and precision, recall and F1 averaged over the
 * classes ({@code _macro}) and weighted by their number of actual rows ({@code _weighted}); both averages run over
 * the classes that occur among the actual or predicted classes, as scikit-learn's. A binary classifier (two labels,
 * class 1 positive) also gets {@code true_negatives}, {@code false_positives}, {@code false_negatives},
 * {@code true_positives}, class 1's {@value #PRECISION_SCORE}, {@value #RECALL_SCORE}, {@value #F1_SCORE},
 * {@value #ROC_AUC} and {@value #PRECISION_RECALL_AUC} (average precision), plus its ROC, precision-recall and
 * calibration curves. With more classes the unsuffixed precision, recall and F1 are the weighted averages, as
 * MLflow logs them, and {@value #ROC_AUC} is the macro average of the one-vs-rest AUCs.
 * A ratio that divides by zero is 0.0, scikit-learn's default.
 *
 * <p>{@value #ROC_AUC} and {@value #PRECISION_RECALL_AUC} are left out of the map when they are undefined: when
 * the actual classes are all one class (binary), or when some class never occurs (more classes). scikit-learn
 * raises an error for such ROC AUC and warns and returns a meaningless 0 for such average precision.
 *
 * <p>Stateless and thread-safe.
 */
public final class ClassificationMetrics {

    public static final String EXAMPLE_COUNT = "example_count";
    public static final String ACCURACY_SCORE = "accuracy_score";
    public static final String PRECISION_SCORE = "precision_score";
    public static final String RECALL_SCORE = "recall_score";
    public static final String F1_SCORE = "f1_score";
    public static final String ROC_AUC = "roc_auc";
    public static final String PRECISION_RECALL_AUC = "precision_recall_auc";
    public static final String LOG_LOSS = "log_loss";
    public static final String MACRO = "_macro";
    public static final String WEIGHTED = "_weighted";

    private static final int CALIBRATION_BINS = 10;

    private ClassificationMetrics() {
    }

    /**
     * @param labels        class names by class index (at least two)
     * @param actual        the actual class index of each row
     * @param probabilities each row's predicted probability of each class, rows summing to 1
     * @throws dev.capstan.CapstanException if the arrays disagree in length, are empty, or hold a class index
     *                                      or probability out of range
     */
    public static Evaluation evaluate(List<String> labels, int[] actual, double[][] probabilities) {
        Inputs.checkClassification(labels, actual, probabilities);
        ClassCounts counts = ClassCounts.of(labels.size(), actual, argmax(probabilities));
        Map<String, Double> metrics = countMetrics(counts, labels.size() == 2);
        metrics.put(LOG_LOSS, LogLoss.of(actual, probabilities));
        if (labels.size() > 2) {
            putOneVsRestAuc(metrics, actual, probabilities);
            return new Evaluation(labels, metrics, counts.matrix(), null, null, null);
        }
        return withCurves(labels, actual, probabilities, counts, metrics);
    }

    /** Binary: ranking metrics and curves of class 1. */
    private static Evaluation withCurves(List<String> labels, int[] actual, double[][] probabilities,
                                         ClassCounts counts, Map<String, Double> metrics) {
        boolean[] positive = isClass(actual, 1);
        double[] score = column(probabilities, 1);
        RankedScores ranked = RankedScores.of(positive, score);
        Curve roc = ranked.roc();
        Curve precisionRecall = ranked.precisionRecall();
        if (bothClassesOccur(positive)) {
            metrics.put(ROC_AUC, RankedScores.area(roc));
            metrics.put(PRECISION_RECALL_AUC, RankedScores.averagePrecision(precisionRecall));
        }
        return new Evaluation(labels, metrics, counts.matrix(), roc, precisionRecall,
                CalibrationBins.of(positive, score, CALIBRATION_BINS));
    }

    /**
     * Counts and ratios. As {@code mlflow.evaluate}: {@value #EXAMPLE_COUNT}; for binary the four cells of the
     * confusion matrix and class 1's precision, recall and F1; with more classes the unsuffixed precision, recall
     * and F1 are the weighted averages.
     */
    private static Map<String, Double> countMetrics(ClassCounts counts, boolean binary) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        int[][] matrix = counts.matrix();
        metrics.put(EXAMPLE_COUNT, (double) java.util.Arrays.stream(matrix).flatMapToInt(java.util.Arrays::stream)
                .sum());
        metrics.put(ACCURACY_SCORE, counts.accuracy());
        if (binary) {
            metrics.put("true_negatives", (double) matrix[0][0]);
            metrics.put("false_positives", (double) matrix[0][1]);
            metrics.put("false_negatives", (double) matrix[1][0]);
            metrics.put("true_positives", (double) matrix[1][1]);
            metrics.put(PRECISION_SCORE, counts.precision(1));
            metrics.put(RECALL_SCORE, counts.recall(1));
            metrics.put(F1_SCORE, counts.f1(1));
        } else {
            metrics.put(PRECISION_SCORE, counts.weighted(counts::precision));
            metrics.put(RECALL_SCORE, counts.weighted(counts::recall));
            metrics.put(F1_SCORE, counts.weighted(counts::f1));
        }
        putAverages(metrics, counts);
        return metrics;
    }

    private static void putAverages(Map<String, Double> metrics, ClassCounts counts) {
        metrics.put(PRECISION_SCORE + MACRO, counts.macro(counts::precision));
        metrics.put(RECALL_SCORE + MACRO, counts.macro(counts::recall));
        metrics.put(F1_SCORE + MACRO, counts.macro(counts::f1));
        metrics.put(PRECISION_SCORE + WEIGHTED, counts.weighted(counts::precision));
        metrics.put(RECALL_SCORE + WEIGHTED, counts.weighted(counts::recall));
        metrics.put(F1_SCORE + WEIGHTED, counts.weighted(counts::f1));
    }

    /** scikit-learn's {@code roc_auc_score(multi_class="ovr", average="macro")}. */
    private static void putOneVsRestAuc(Map<String, Double> metrics, int[] actual, double[][] probabilities) {
        int classes = probabilities[0].length;
        double sum = 0.0;
        for (int k = 0; k < classes; k++) {
            boolean[] positive = isClass(actual, k);
            if (!bothClassesOccur(positive)) {
                return;
            }
            sum += RankedScores.area(RankedScores.of(positive, column(probabilities, k)).roc());
        }
        metrics.put(ROC_AUC, sum / classes);
    }

    private static int[] argmax(double[][] probabilities) {
        int[] predicted = new int[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            for (int k = 1; k < probabilities[i].length; k++) {
                if (probabilities[i][k] > probabilities[i][predicted[i]]) {
                    predicted[i] = k;
                }
            }
        }
        return predicted;
    }

    private static boolean[] isClass(int[] actual, int k) {
        boolean[] is = new boolean[actual.length];
        for (int i = 0; i < actual.length; i++) {
            is[i] = actual[i] == k;
        }
        return is;
    }

    private static double[] column(double[][] probabilities, int k) {
        double[] column = new double[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            column[i] = probabilities[i][k];
        }
        return column;
    }

    private static boolean bothClassesOccur(boolean[] positive) {
        boolean anyPositive = false;
        boolean anyNegative = false;
        for (boolean p : positive) {
            anyPositive |= p;
            anyNegative |= !p;
        }
        return anyPositive && anyNegative;
    }
}
