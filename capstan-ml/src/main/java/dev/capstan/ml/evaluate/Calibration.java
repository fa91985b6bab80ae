package dev.capstan.ml.evaluate;

/**
 * A reliability diagram: the predicted probabilities of the positive class cut into 10 equal-width bins over
 * [0, 1], as scikit-learn's {@code calibration_curve(y, p, n_bins=10, strategy="uniform")}. Empty bins are left
 * out, so both arrays have one entry per non-empty bin. The arrays are not copied.
 *
 * @param fractionOfPositives  the share of actual positives in each bin
 * @param meanPredictedValue   the mean predicted probability in each bin
 */
public record Calibration(double[] fractionOfPositives, double[] meanPredictedValue) {
}
