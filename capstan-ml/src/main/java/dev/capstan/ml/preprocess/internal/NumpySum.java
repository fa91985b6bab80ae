package dev.capstan.ml.preprocess.internal;

/**
 * Sums in the order numpy uses for a contiguous float64 column ({@code np.sum} / {@code np.nansum}), so that means
 * and variances agree with scikit-learn to the last bit: chunks of 8192 values (numpy's buffer) added one after
 * the other, each chunk summed pairwise (blocks of at most 128 values, eight running sums per block).
 */
public final class NumpySum {

    private static final int CHUNK = 8192;
    private static final int BLOCK = 128;

    private NumpySum() {
    }

    /** The sum of the values, NaN counting as 0 ({@code np.nansum}). */
    public static double nanSum(double[] values) {
        double sum = 0.0;
        for (int start = 0; start < values.length; start += CHUNK) {
            sum += pairwise(values, start, Math.min(CHUNK, values.length - start));
        }
        return sum;
    }

    private static double pairwise(double[] a, int from, int n) {
        if (n < 8) {
            double sum = 0.0;
            for (int i = 0; i < n; i++) {
                sum += at(a, from + i);
            }
            return sum;
        }
        if (n <= BLOCK) {
            return unrolled(a, from, n);
        }
        int half = n / 2;
        half -= half % 8;
        return pairwise(a, from, half) + pairwise(a, from + half, n - half);
    }

    private static double unrolled(double[] a, int from, int n) {
        double[] r = new double[8];
        for (int j = 0; j < 8; j++) {
            r[j] = at(a, from + j);
        }
        int i = 8;
        for (; i < n - n % 8; i += 8) {
            for (int j = 0; j < 8; j++) {
                r[j] += at(a, from + i + j);
            }
        }
        double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) {
            sum += at(a, from + i);
        }
        return sum;
    }

    private static double at(double[] a, int i) {
        double v = a[i];
        return Double.isNaN(v) ? 0.0 : v;
    }
}
