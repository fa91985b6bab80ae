package dev.capstan.ml.evaluate.internal;

/**
 * scikit-learn 1.2's {@code log_loss}: every probability clipped to [eps, 1 − eps] with eps the float64 machine
 * epsilon, each row divided by its sum, then the mean of −log(probability of the actual class). For rows that sum
 * to 1, as here, the division changes nothing beyond rounding (scikit-learn ≥ 1.5 no longer divides).
 */
public final class LogLoss {

    private static final double EPS = Math.ulp(1.0);

    private LogLoss() {
    }

    public static double of(int[] actual, double[][] probabilities) {
        double sum = 0.0;
        for (int i = 0; i < actual.length; i++) {
            sum += rowLoss(probabilities[i], actual[i]);
        }
        return sum / actual.length;
    }

    private static double rowLoss(double[] row, int actual) {
        double total = 0.0;
        for (double p : row) {
            total += clip(p);
        }
        return -Math.log(clip(row[actual]) / total);
    }

    private static double clip(double p) {
        return Math.min(Math.max(p, EPS), 1.0 - EPS);
    }
}
