package dev.capstan.ml.evaluate.internal;

import dev.capstan.CapstanException;

import java.util.List;

/** Checks on the arrays handed to the metrics, so that a bad one fails with a message instead of a wrong number. */
public final class Inputs {

    private Inputs() {
    }

    /** Classes by index, one label per probability column, every probability in [0, 1]. */
    public static void checkClassification(List<String> labels, int[] actual, double[][] probabilities) {
        if (labels == null || labels.size() < 2) {
            throw CapstanException.invalid("Expected at least 2 class labels, found %s", labels);
        }
        checkRows(actual.length, probabilities.length, "probabilities");
        for (int i = 0; i < actual.length; i++) {
            checkClass(labels, actual, i);
            checkRow(labels.size(), probabilities[i], i);
        }
    }

    /** Two equally long arrays of finite numbers, not empty. */
    public static void checkRegression(double[] actual, double[] predicted) {
        checkRows(actual.length, predicted.length, "predicted");
        checkFinite("actual", actual);
        checkFinite("predicted", predicted);
    }

    private static void checkRows(int actualRows, int predictedRows, String predictedName) {
        if (actualRows != predictedRows) {
            throw CapstanException.invalid("actual has %d rows but %s has %d; expected one prediction per row",
                    actualRows, predictedName, predictedRows);
        }
        if (actualRows == 0) {
            throw CapstanException.invalid("No rows to evaluate; expected at least one");
        }
    }

    private static void checkClass(List<String> labels, int[] actual, int row) {
        if (actual[row] < 0 || actual[row] >= labels.size()) {
            throw CapstanException.invalid("actual[%d] is class index %d; expected 0 to %d (labels %s)",
                    row, actual[row], labels.size() - 1, labels);
        }
    }

    private static void checkRow(int classes, double[] row, int index) {
        if (row == null || row.length != classes) {
            throw CapstanException.invalid("probabilities[%d] has %s columns; expected %d, one per label",
                    index, row == null ? "no" : row.length, classes);
        }
        for (int k = 0; k < classes; k++) {
            if (!(row[k] >= 0.0 && row[k] <= 1.0)) {
                throw CapstanException.invalid("probabilities[%d][%d] is %s; expected a probability in [0, 1]",
                        index, k, row[k]);
            }
        }
    }

    private static void checkFinite(String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw CapstanException.invalid("%s[%d] is %s; expected a finite number", name, i, values[i]);
            }
        }
    }
}
