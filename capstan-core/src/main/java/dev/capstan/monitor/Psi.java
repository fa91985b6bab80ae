package dev.capstan.monitor;

/**
 * The population stability index of a current sample against a reference one, as Evidently computes it: 10 bins of
 * equal width over both samples' range ({@code numpy.histogram_bin_edges}, the last bin closed), each bin's share
 * of a sample floored at 0.0001, and {@code sum((ref - cur) * ln(ref / cur))}. Commonly read as: below 0.1 no
 * shift, 0.1 to 0.2 a moderate one, above 0.2 a significant one.
 */
public final class Psi {

    private static final int BINS = 10;
    private static final double FLOOR = 0.0001;

    private Psi() {
    }

    /** The index, or NaN when either sample is empty or holds NaN. */
    public static double of(double[] reference, double[] current) {
        if (reference.length == 0 || current.length == 0) {
            return Double.NaN;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] sample : new double[][] {reference, current}) {
            for (double v : sample) {
                if (Double.isNaN(v)) {
                    return Double.NaN;
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (min == max) {
            min -= 0.5;
            max += 0.5;
        }
        double[] ref = shares(reference, min, max);
        double[] cur = shares(current, min, max);
        double psi = 0;
        for (int b = 0; b < BINS; b++) {
            psi += (ref[b] - cur[b]) * Math.log(ref[b] / cur[b]);
        }
        return psi;
    }

    /** Each bin's share of the sample, binned as numpy.histogram bins equal-width data (edge cases included). */
    private static double[] shares(double[] sample, double min, double max) {
        double[] edges = new double[BINS + 1];
        double step = (max - min) / BINS;
        for (int i = 0; i < BINS; i++) {
            edges[i] = i * step + min;
        }
        edges[BINS] = max;
        double norm = BINS / (max - min);
        double[] counts = new double[BINS];
        for (double v : sample) {
            int bin = Math.min(BINS - 1, (int) ((v - min) * norm));
            if (v < edges[bin]) {
                bin--;
            } else if (bin != BINS - 1 && v >= edges[bin + 1]) {
                bin++;
            }
            counts[bin]++;
        }
        for (int b = 0; b < BINS; b++) {
            counts[b] = Math.max(FLOOR, counts[b] / sample.length);
        }
        return counts;
    }
}
