package dev.capstan.monitor;

import dev.capstan.monitor.internal.RadixSort;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.PValueMethod;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The drift statistics of a current sample against a reference one, as Evidently computes them with scipy: the
 * two-sample Kolmogorov-Smirnov p-value, the Wasserstein distance normed by the reference's standard deviation, the
 * chi-squared p-value of category counts, the Jensen-Shannon distance (base 2) and the two-proportion z-test p-value
 * for binary columns. Missing values (NaN, null) are left out before they are called.
 */
public final class DriftTests {

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);
    /** scipy's ks_2samp computes the exact p-value up to this sample size (its method "auto"). */
    private static final int KS_EXACT_UP_TO = 10_000;
    private static final int DISTINCT_FOR_BINS = 20;

    private DriftTests() {
    }

    /** The two-sided two-sample Kolmogorov-Smirnov p-value, as scipy's {@code ks_2samp}. */
    public static double ks(double[] reference, double[] current) {
        PValueMethod method = Math.max(reference.length, current.length) <= KS_EXACT_UP_TO ? PValueMethod.EXACT
                : PValueMethod.ASYMPTOTIC;
        return KolmogorovSmirnovTest.withDefaults().with(method).test(reference, current).getPValue();
    }

    /**
     * The first Wasserstein distance between the samples (scipy's {@code wasserstein_distance}), divided by the
     * reference's population standard deviation, at least 0.001.
     */
    public static double wassersteinNormed(double[] reference, double[] current) {
        long[] u = RadixSort.sortedKeys(reference);
        long[] v = RadixSort.sortedKeys(current);
        int i = 0;
        int j = 0;
        double previous = Math.min(RadixSort.value(u[0]), RadixSort.value(v[0]));
        double distance = 0;
        double n = u.length;
        double m = v.length;
        while (i < u.length || j < v.length) {
            long key = j == v.length || i < u.length && Long.compareUnsigned(u[i], v[j]) <= 0 ? u[i] : v[j];
            double next = RadixSort.value(key);
            distance += Math.abs(i / n - j / m) * (next - previous);
            while (i < u.length && u[i] == key) {
                i++;
            }
            while (j < v.length && v[j] == key) {
                j++;
            }
            previous = next;
        }
        return distance / Math.max(standardDeviation(reference), 0.001);
    }

    /**
     * The chi-squared p-value of the current counts per category against the reference's counts scaled to the
     * current size (scipy's {@code chisquare}); a category the reference lacks makes it 0.
     */
    public static double chiSquare(Object[] reference, Object[] current) {
        Map<Object, long[]> counts = counts(reference, current);
        double scale = (double) current.length / reference.length;
        double statistic = 0;
        for (long[] c : counts.values()) {
            double expected = c[0] * scale;
            if (expected == 0) {
                return 0;
            }
            statistic += (c[1] - expected) * (c[1] - expected) / expected;
        }
        return counts.size() < 2 ? Double.NaN
                : ChiSquaredDistribution.of(counts.size() - 1).survivalProbability(statistic);
    }

    /**
     * The Jensen-Shannon distance (base 2) between the samples' shares: per Sturges bin over both samples for numbers
     * with more than 20 distinct reference values, per distinct value otherwise.
     */
    public static double jensenShannon(double[] reference, double[] current) {
        double[][] shares = Arrays.stream(reference).distinct().count() > DISTINCT_FOR_BINS
                ? Psi.sturgesShares(reference, current)
                : shares(counts(boxed(reference), boxed(current)), reference.length, current.length);
        return distance(shares[0], shares[1]);
    }

    /** The Jensen-Shannon distance (base 2) between the samples' shares per category. */
    public static double jensenShannon(Object[] reference, Object[] current) {
        double[][] shares = shares(counts(reference, current), reference.length, current.length);
        return distance(shares[0], shares[1]);
    }

    /**
     * The two-proportion z-test p-value of a binary column (the first category in sorted order against the
     * other), 1 when both samples hold the same single value.
     */
    public static double z(Object[] reference, Object[] current) {
        Map<Object, long[]> counts = counts(reference, current);
        if (counts.size() == 1) {
            return 1;
        }
        long[] first = counts.values().iterator().next();
        double p1 = (reference.length - first[0]) / (double) reference.length;
        double p2 = (current.length - first[1]) / (double) current.length;
        double p = (p1 * reference.length + p2 * current.length) / (reference.length + current.length);
        double zs = (p1 - p2) / Math.sqrt(p * (1 - p) * (1.0 / reference.length + 1.0 / current.length));
        return 2 * (1 - STANDARD_NORMAL.cumulativeProbability(Math.abs(zs)));
    }

    /** scipy's {@code jensenshannon(p, q, base=2)}. */
    private static double distance(double[] p, double[] q) {
        double sp = Arrays.stream(p).sum();
        double sq = Arrays.stream(q).sum();
        double js = 0;
        for (int k = 0; k < p.length; k++) {
            double a = p[k] / sp;
            double b = q[k] / sq;
            double m = (a + b) / 2;
            js += relativeEntropy(a, m) + relativeEntropy(b, m);
        }
        return Math.sqrt(js / Math.log(2) / 2);
    }

    private static double relativeEntropy(double x, double y) {
        return x == 0 ? 0 : x * Math.log(x / y);
    }

    /** Counts per distinct value, reference then current, in the values' sorted text order. */
    static Map<Object, long[]> counts(Object[] reference, Object[] current) {
        Map<Object, long[]> counts = new TreeMap<>(Comparator.comparing(String::valueOf));
        for (Object v : reference) {
            counts.computeIfAbsent(v, k -> new long[2])[0]++;
        }
        for (Object v : current) {
            counts.computeIfAbsent(v, k -> new long[2])[1]++;
        }
        return counts;
    }

    /** Each distinct value's share of the reference and of the current sample. */
    static double[][] shares(Map<Object, long[]> counts, int referenceSize, int currentSize) {
        double[][] shares = new double[2][counts.size()];
        int i = 0;
        for (long[] c : counts.values()) {
            shares[0][i] = (double) c[0] / referenceSize;
            shares[1][i++] = (double) c[1] / currentSize;
        }
        return shares;
    }

    private static Object[] boxed(double[] values) {
        return Arrays.stream(values).boxed().toArray();
    }

    /** numpy's {@code std} (population), in plain loops: this runs over a million values per column. */
    private static double standardDeviation(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / values.length);
    }
}
