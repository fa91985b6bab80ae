package dev.capstan.monitor;

import java.util.Arrays;
import java.util.Objects;

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
        DriftMethod chosen = method != null ? method : defaultMethod(ref, cur, numeric);
        double limit = threshold != null ? threshold : chosen.defaultThreshold();
        if (ref.length == 0 || cur.length == 0) {
            return new ColumnDrift(column, numeric, chosen, Double.NaN, limit, Status.NOT_ENOUGH_DATA);
        }
        double score = score(chosen, ref, cur, numeric);
        return new ColumnDrift(column, numeric, chosen, score, limit,
                chosen.drifted(score, limit) ? Status.DRIFT : Status.NO_DRIFT);
    }

    /** Evidently's default test for these samples. */
    static DriftMethod defaultMethod(Object[] ref, Object[] cur, boolean numeric) {
        long distinct = DriftTests.counts(ref, cur).size();
        if (ref.length <= SMALL_REFERENCE) {
            if (numeric && distinct > FEW_VALUES) {
                return DriftMethod.KS;
            }
            return distinct > 2 ? DriftMethod.CHISQUARE : DriftMethod.Z;
        }
        return numeric && distinct > FEW_VALUES ? DriftMethod.WASSERSTEIN : DriftMethod.JENSENSHANNON;
    }

    private static double score(DriftMethod method, Object[] ref, Object[] cur, boolean numeric) {
        return switch (method) {
            case KS -> DriftTests.ks(doubles(ref), doubles(cur));
            case WASSERSTEIN -> DriftTests.wassersteinNormed(doubles(ref), doubles(cur));
            case CHISQUARE -> DriftTests.chiSquare(ref, cur);
            case Z -> DriftTests.z(ref, cur);
            case JENSENSHANNON -> numeric ? DriftTests.jensenShannon(doubles(ref), doubles(cur))
                    : DriftTests.jensenShannon(ref, cur);
            case PSI -> numeric ? Psi.of(doubles(ref), doubles(cur)) : Psi.ofCategories(ref, cur);
        };
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
