package dev.capstan.ml.evaluate;

/**
 * Points of a binary classifier's curve, in scikit-learn's order, for plots and artifacts.
 *
 * <p>For a ROC curve {@code x} is the false positive rate, {@code y} the true positive rate and {@code thresholds}
 * has one entry per point, the first being {@code +Infinity} (the point (0, 0), as scikit-learn ≥ 1.3 writes it).
 * For a precision-recall curve {@code x} is the recall, {@code y} the precision and {@code thresholds} has one
 * entry fewer: the last point (recall 0, precision 1) has none. The arrays are not copied.
 *
 * @param x          abscissae
 * @param y          ordinates
 * @param thresholds the score threshold of each point
 */
public record Curve(double[] x, double[] y, double[] thresholds) {
}
