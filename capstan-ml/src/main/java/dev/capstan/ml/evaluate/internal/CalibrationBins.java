package dev.capstan.ml.evaluate.internal;

import dev.capstan.ml.evaluate.Calibration;

import java.util.Arrays;

/**
 * scikit-learn's {@code calibration_curve(strategy="uniform")}. Bin edges are {@code j * (1.0 / bins)}, the values
 * {@code numpy.linspace(0, 1, bins + 1)} gives, and a probability equal to an inner edge falls in the bin below it
 * ({@code numpy.searchsorted} to the left), so 0.3 lands below the edge 0.30000000000000004.
 */
public final class CalibrationBins {

    private CalibrationBins() {
    }

    public static Calibration of(boolean[] positive, double[] probability, int bins) {
        double[] sums = new double[bins];
        double[] positives = new double[bins];
        int[] counts = new int[bins];
        for (int i = 0; i < probability.length; i++) {
            int bin = bin(probability[i], bins);
            sums[bin] += probability[i];
            positives[bin] += positive[i] ? 1.0 : 0.0;
            counts[bin]++;
        }
        return nonEmpty(sums, positives, counts);
    }

    private static int bin(double probability, int bins) {
        double step = 1.0 / bins;
        int bin = 0;
        while (bin < bins - 1 && (bin + 1) * step < probability) {
            bin++;
        }
        return bin;
    }

    private static Calibration nonEmpty(double[] sums, double[] positives, int[] counts) {
        double[] fraction = new double[counts.length];
        double[] mean = new double[counts.length];
        int n = 0;
        for (int bin = 0; bin < counts.length; bin++) {
            if (counts[bin] > 0) {
                fraction[n] = positives[bin] / counts[bin];
                mean[n++] = sums[bin] / counts[bin];
            }
        }
        return new Calibration(Arrays.copyOf(fraction, n), Arrays.copyOf(mean, n));
    }
}
