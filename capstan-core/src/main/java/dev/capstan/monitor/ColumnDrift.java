package dev.capstan.monitor;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One column's drift between a reference sample and a current one, by Evidently's default choice of test unless
 * one is given: with at most 1,000 reference values, Kolmogorov-Smirnov for numbers with more than 5 distinct values,
 * chi-squared for other columns with more than 2, the z-test for binary ones; with more reference values, the normed
 * Wasserstein distance for numbers with more than 5 distinct values, Jensen-Shannon for the rest.
 *
 * @param score     the p-value or distance, NaN when there is not enough data
 * @param threshold the threshold it was held against
 * @param status    {@link Status#NOT_ENOUGH_DATA} when either sample has no value: never reported as "no drift"
 */
public record ColumnDrift(String column, boolean numeric, DriftMethod method, double score, double threshold,
                          Status status) {

    /** Whether the column drifted. */
    public enum Status { DRIFT, NO_DRIFT, NOT_ENOUGH_DATA }

    private static final int SMALL_REFERENCE = 1000;
    private static final int FEW_VALUES = 5;

    public boolean drifted() {
        return status == Status.DRIFT;
    }

    /**
     * Tests a column; values may be numbers or any other objects, and null or NaN values are left out.
     *
     * @param method    the test, or null for the default
     * @param threshold the threshold, or null for the method's default
     */
    public static ColumnDrift of(String column, Object[] reference, Object[] current, boolean numeric,
                                 DriftMethod method, Double threshold) {
        Object[] ref = present(reference);
        Object[] cur = present(current);
        if (numeric) {
            return ofNumbers(column, doubles(ref), doubles(cur), method, threshold);
        }
        DriftMethod chosen = method != null ? method : defaultMethod(ref.length, DriftTests.counts(ref, cur).size(),
                false);
        double score = switch (chosen) {
            case CHISQUARE -> DriftTests.chiSquare(ref, cur);
            case Z -> DriftTests.z(ref, cur);
            case JENSENSHANNON -> DriftTests.jensenShannon(ref, cur);
            case PSI -> Psi.ofCategories(ref, cur);
            default -> throw new IllegalArgumentException(chosen.wireName() + " tests numbers, and column '" + column
                    + "' is categorical");
        };
        return result(column, false, chosen, score, threshold, ref.length, cur.length);
    }

    /** Tests a numeric column without boxing its values; NaN values are left out. */
    public static ColumnDrift ofNumbers(String column, double[] reference, double[] current, DriftMethod method,
                                        Double threshold) {
        double[] ref = withoutNaN(reference);
        double[] cur = withoutNaN(current);
        DriftMethod chosen = method != null ? method : defaultMethod(ref.length, distinctUpTo(ref, cur), true);
        double score = ref.length == 0 || cur.length == 0 ? Double.NaN : switch (chosen) {
            case KS -> DriftTests.ks(ref, cur);
            case WASSERSTEIN -> DriftTests.wassersteinNormed(ref, cur);
            case JENSENSHANNON -> DriftTests.jensenShannon(ref, cur);
            case PSI -> Psi.of(ref, cur);
            case CHISQUARE -> DriftTests.chiSquare(boxed(ref), boxed(cur));
            case Z -> DriftTests.z(boxed(ref), boxed(cur));
        };
        return result(column, true, chosen, score, threshold, ref.length, cur.length);
    }

    private static ColumnDrift result(String column, boolean numeric, DriftMethod method, double score,
                                      Double threshold, int referenceRows, int currentRows) {
        double limit = threshold != null ? threshold : method.defaultThreshold();
        if (referenceRows == 0 || currentRows == 0) {
            return new ColumnDrift(column, numeric, method, Double.NaN, limit, Status.NOT_ENOUGH_DATA);
        }
        return new ColumnDrift(column, numeric, method, score, limit,
                method.drifted(score, limit) ? Status.DRIFT : Status.NO_DRIFT);
    }

    /** Evidently's default test for a column with this many reference values and distinct values. */
    static DriftMethod defaultMethod(int referenceRows, long distinct, boolean numeric) {
        if (referenceRows <= SMALL_REFERENCE) {
            if (numeric && distinct > FEW_VALUES) {
                return DriftMethod.KS;
            }
            return distinct > 2 ? DriftMethod.CHISQUARE : DriftMethod.Z;
        }
        return numeric && distinct > FEW_VALUES ? DriftMethod.WASSERSTEIN : DriftMethod.JENSENSHANNON;
    }

    /** The distinct values of both samples, counted up to one more than {@link #FEW_VALUES}. */
    private static long distinctUpTo(double[] ref, double[] cur) {
        Set<Double> seen = new HashSet<>();
        for (double[] sample : new double[][] {ref, cur}) {
            for (double v : sample) {
                if (seen.add(v) && seen.size() > FEW_VALUES) {
                    return seen.size();
                }
            }
        }
        return seen.size();
    }

    /** The values without NaN: the array itself when it has none, as is usual, so that it is not copied. */
    private static double[] withoutNaN(double[] values) {
        int present = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                present++;
            }
        }
        if (present == values.length) {
            return values;
        }
        double[] kept = new double[present];
        int k = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                kept[k++] = v;
            }
        }
        return kept;
    }

    private static Object[] boxed(double[] values) {
        return Arrays.stream(values).boxed().toArray();
    }

    private static Object[] present(Object[] values) {
        return Arrays.stream(values).filter(Objects::nonNull)
                .filter(v -> !(v instanceof Double d && d.isNaN()) && !(v instanceof Float f && f.isNaN()))
                .toArray();
    }

    private static double[] doubles(Object[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            if (!(values[i] instanceof Number n)) {
                throw new IllegalArgumentException("a numeric column holds " + values[i]);
            }
            out[i] = n.doubleValue();
        }
        return out;
    }
}
