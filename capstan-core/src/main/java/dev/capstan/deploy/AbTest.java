package dev.capstan.deploy;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.TTest;

/**
 * The significance tests of an A/B comparison, two-sided: a pooled two-proportion z-test for rates (accuracy,
 * conversion), as statsmodels' {@code proportions_ztest}, and Welch's t-test for means, as scipy's
 * {@code ttest_ind(equal_var=False)}. With too little data the p-value is NaN, never a made-up figure.
 */
public final class AbTest {

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private AbTest() {
    }

    /**
     * @param test      {@code two-proportion z-test} or {@code Welch t-test}
     * @param statistic z or t, of A minus B
     * @param pValue    the two-sided p-value, NaN when the test cannot be made (fewer than 2 observations a side,
     *                  no variation at all)
     */
    public record Result(String test, double statistic, double pValue) {
    }

    /** Whether rates {@code successesA / nA} and {@code successesB / nB} differ. */
    public static Result twoProportions(long successesA, long nA, long successesB, long nB) {
        String name = "two-proportion z-test";
        if (nA < 2 || nB < 2) {
            return new Result(name, Double.NaN, Double.NaN);
        }
        double pA = successesA / (double) nA;
        double pB = successesB / (double) nB;
        double pooled = (successesA + successesB) / (double) (nA + nB);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / nA + 1.0 / nB));
        if (se == 0) {
            return new Result(name, Double.NaN, Double.NaN);
        }
        double z = (pA - pB) / se;
        return new Result(name, z, 2 * STANDARD_NORMAL.survivalProbability(Math.abs(z)));
    }

    /** Whether means differ, from each side's mean, sample variance (n - 1) and count. */
    public static Result welch(double meanA, double varianceA, long nA, double meanB, double varianceB, long nB) {
        String name = "Welch t-test";
        if (nA < 2 || nB < 2 || varianceA + varianceB == 0) {
            return new Result(name, Double.NaN, Double.NaN);
        }
        TTest.Result r = TTest.withDefaults().with(DataDispersion.HETEROSCEDASTIC)
                .test(meanA, varianceA, nA, meanB, varianceB, nB);
        return new Result(name, r.getStatistic(), r.getPValue());
    }
}
