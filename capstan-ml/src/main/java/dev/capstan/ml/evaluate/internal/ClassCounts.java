package dev.capstan.ml.evaluate.internal;

import java.util.function.IntToDoubleFunction;

/**
 * A confusion matrix and the per-class precision, recall and F1 read from it, averaged as scikit-learn's
 * {@code precision_recall_fscore_support} averages them. A ratio whose denominator is zero is 0.0, scikit-learn's
 * default ({@code zero_division="warn"}). Averages run over the classes that occur among the actual or the
 * predicted classes, as scikit-learn does when it is not given {@code labels}.
 *
 * @param matrix counts by actual class (row) and predicted class (column)
 */
public record ClassCounts(int[][] matrix) {

    public static ClassCounts of(int classes, int[] actual, int[] predicted) {
        int[][] matrix = new int[classes][classes];
        for (int i = 0; i < actual.length; i++) {
            matrix[actual[i]][predicted[i]]++;
        }
        return new ClassCounts(matrix);
    }

    public double accuracy() {
        long correct = 0;
        long total = 0;
        for (int k = 0; k < matrix.length; k++) {
            correct += matrix[k][k];
            total += support(k);
        }
        return (double) correct / total;
    }

    public double precision(int k) {
        return ratio(matrix[k][k], predictedCount(k));
    }

    public double recall(int k) {
        return ratio(matrix[k][k], support(k));
    }

    /** The harmonic mean of precision and recall, computed from them as scikit-learn 1.2 does. */
    public double f1(int k) {
        double precision = precision(k);
        double recall = recall(k);
        double sum = precision + recall;
        return sum == 0.0 ? 0.0 : 2.0 * precision * recall / sum;
    }

    /** The unweighted mean over the classes present. */
    public double macro(IntToDoubleFunction perClass) {
        double sum = 0.0;
        int count = 0;
        for (int k = 0; k < matrix.length; k++) {
            if (present(k)) {
                sum += perClass.applyAsDouble(k);
                count++;
            }
        }
        return sum / count;
    }

    /** The mean weighted by each class's number of actual rows. */
    public double weighted(IntToDoubleFunction perClass) {
        double sum = 0.0;
        double weights = 0.0;
        for (int k = 0; k < matrix.length; k++) {
            if (present(k)) {
                sum += perClass.applyAsDouble(k) * support(k);
                weights += support(k);
            }
        }
        return sum / weights;
    }

    private boolean present(int k) {
        return support(k) > 0 || predictedCount(k) > 0;
    }

    private long support(int k) {
        long sum = 0;
        for (int predicted = 0; predicted < matrix.length; predicted++) {
            sum += matrix[k][predicted];
        }
        return sum;
    }

    private long predictedCount(int k) {
        long sum = 0;
        for (int[] row : matrix) {
            sum += row[k];
        }
        return sum;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }
}
