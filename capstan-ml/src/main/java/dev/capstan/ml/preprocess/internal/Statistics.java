package dev.capstan.ml.preprocess.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The statistics imputers and scalers learn, computed as scikit-learn 1.2 / numpy compute them on one float64
 * column (NaN = missing, ignored), so that they agree to the bit.
 */
public final class Statistics {

    private static final double EPS = Math.ulp(1.0);

    private Statistics() {
    }

    public static int count(double[] values) {
        int n = 0;
        for (double v : values) {
            n += Double.isNaN(v) ? 0 : 1;
        }
        return n;
    }

    /** {@code np.ma.mean}: the pairwise sum divided by the count. */
    public static double mean(double[] values) {
        return NumpySum.nanSum(values) / count(values);
    }

    /** {@code np.ma.median}: the middle value, or the mean of the two middle values. */
    public static double median(double[] values) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int n = sorted.length;
        double low = sorted[(n - 1) / 2];
        double high = sorted[n / 2];
        return (low + high) / 2.0;
    }

    /** The most frequent value; among equally frequent ones the smallest ({@code scipy.stats.mode}). */
    public static double mostFrequent(double[] values) {
        Map<Double, Integer> counts = new HashMap<>();
        for (double v : values) {
            if (!Double.isNaN(v)) {
                counts.merge(v + 0.0, 1, Integer::sum);
            }
        }
        int best = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        return counts.entrySet().stream().filter(e -> e.getValue() == best)
                .mapToDouble(Map.Entry::getKey).min().orElseThrow();
    }

    /** The most frequent text; among equally frequent ones the smallest by code point (Python's {@code min}). */
    public static String mostFrequentText(Object[] values) {
        Map<String, Integer> counts = new HashMap<>();
        for (Object v : values) {
            if (!Values.isMissing(v)) {
                counts.merge((String) v, 1, Integer::sum);
            }
        }
        int best = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        return counts.entrySet().stream().filter(e -> e.getValue() == best)
                .map(Map.Entry::getKey).min(Categories::compareCodePoints).orElseThrow();
    }

    /**
     * {@code StandardScaler}: mean, population variance (corrected two-pass algorithm) and scale, which is 1 for a
     * feature whose variance is within rounding error of 0.
     *
     * @return {mean, var, scale}
     */
    public static double[] standard(double[] values) {
        int n = count(values);
        double sum = NumpySum.nanSum(values);
        double mean = (0.0 + sum) / n;
        double[] centered = new double[values.length];
        double[] squares = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            centered[i] = values[i] - sum / n;
            squares[i] = centered[i] * centered[i];
        }
        double correction = NumpySum.nanSum(centered);
        double var = (NumpySum.nanSum(squares) - correction * correction / n) / n;
        double bound = n * mean * EPS;
        boolean constant = var <= n * EPS * var + bound * bound;
        return new double[] {mean, var, constant ? 1.0 : Math.sqrt(var)};
    }

    /**
     * {@code MinMaxScaler} to [0, 1]: a range below 10 machine epsilons counts as 1.
     *
     * @return {data_min, data_max, scale, min}
     */
    public static double[] minMax(double[] values) {
        double dataMin = Arrays.stream(values).filter(v -> !Double.isNaN(v)).min().orElseThrow();
        double dataMax = Arrays.stream(values).filter(v -> !Double.isNaN(v)).max().orElseThrow();
        double range = dataMax - dataMin;
        double scale = 1.0 / (range < 10 * EPS ? 1.0 : range);
        return new double[] {dataMin, dataMax, scale, 0.0 - dataMin * scale};
    }
}
