package dev.capstan.monitor;

import java.util.Arrays;

/**
 * The population stability index of a current sample against a reference one, as Evidently computes it: numbers
 * with more than 20 distinct reference values fall in equal-width bins over both samples' range, as many as numpy's
 * Sturges rule gives ({@code ceil(log2(n) + 1)} for {@code n} values in all); other samples get one bucket per
 * distinct value. A bucket empty in one sample takes a share of 0.0001, or of its smallest non-zero share / 1e6
 * when that is smaller. The index is {@code sum((ref - cur) * ln(ref / cur))}: below 0.1 is commonly read as no
 * shift, above 0.2 as a significant one. NaN values are left out.
 */
public final class Psi {

    private static final int DISTINCT_FOR_BINS = 20;

    private Psi() {
    }

    /** The index, or NaN when either sample has no value. */
    public static double of(double[] reference, double[] current) {
        double[] ref = withoutNaN(reference);
        double[] cur = withoutNaN(current);
        if (ref.length == 0 || cur.length == 0) {
            return Double.NaN;
        }
        if (Arrays.stream(ref).distinct().count() <= DISTINCT_FOR_BINS) {
            return ofCategories(Arrays.stream(ref).boxed().toArray(), Arrays.stream(cur).boxed().toArray());
        }
        return index(sturgesShares(ref, cur));
    }

    private static double index(double[][] shares) {
        double[] r = floored(shares[0]);
        double[] c = floored(shares[1]);
        double psi = 0;
        for (int b = 0; b < r.length; b++) {
            psi += (r[b] - c[b]) * Math.log(r[b] / c[b]);
        }
        return psi;
    }

    /**
     * Both samples' shares per bin: equal-width bins over both samples' range, as many as numpy's Sturges rule gives
     * for their combined size.
     */
    static double[][] sturgesShares(double[] ref, double[] cur) {
        double min = Math.min(Arrays.stream(ref).min().orElseThrow(), Arrays.stream(cur).min().orElseThrow());
        double max = Math.max(Arrays.stream(ref).max().orElseThrow(), Arrays.stream(cur).max().orElseThrow());
        int bins = (int) Math.ceil(Math.log(ref.length + cur.length) / Math.log(2) + 1);
        return new double[][] {histogram(ref, min, max, bins), histogram(cur, min, max, bins)};
    }

    /** Each bin's share of the sample, binned as numpy.histogram bins equal-width data (edge cases included). */
    private static double[] histogram(double[] sample, double min, double max, int bins) {
        double[] edges = new double[bins + 1];
        double step = (max - min) / bins;
        for (int i = 0; i < bins; i++) {
            edges[i] = i * step + min;
        }
        edges[bins] = max;
        double norm = bins / (max - min);
        double[] shares = new double[bins];
        for (double v : sample) {
            int bin = Math.min(bins - 1, (int) ((v - min) * norm));
            if (v < edges[bin]) {
                bin--;
            } else if (bin != bins - 1 && v >= edges[bin + 1]) {
                bin++;
            }
            shares[bin] += 1.0 / sample.length;
        }
        return shares;
    }

    /** The index over categories: one bucket per distinct value of either sample. */
    public static double ofCategories(Object[] reference, Object[] current) {
        if (reference.length == 0 || current.length == 0) {
            return Double.NaN;
        }
        return index(DriftTests.shares(DriftTests.counts(reference, current), reference.length, current.length));
    }

    private static double[] floored(double[] shares) {
        double smallest = Arrays.stream(shares).filter(s -> s != 0).min().orElse(1);
        double floor = smallest <= 0.0001 ? smallest / 1e6 : 0.0001;
        return Arrays.stream(shares).map(s -> s == 0 ? floor : s).toArray();
    }

    private static double[] withoutNaN(double[] sample) {
        return Arrays.stream(sample).filter(v -> !Double.isNaN(v)).toArray();
    }
}
