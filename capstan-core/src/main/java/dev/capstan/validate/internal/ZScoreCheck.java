package dev.capstan.validate.internal;

import dev.capstan.validate.CheckResult;
import dev.capstan.validate.CheckSpec;

/**
 * {@code z_score_below}: every value's distance from the mean in sample standard deviations must be below the
 * threshold (its absolute value when {@code double_sided}, the default). The column is kept in a {@link DoubleLog}
 * (NaN where missing, infinity where not a number) and read again once the mean and deviation are known.
 */
final class ZScoreCheck implements Evaluator {

    private final CheckSpec spec;
    private final String column;
    private final int index;
    private final double threshold;
    private final boolean doubleSided;
    private final DoubleLog values = new DoubleLog();
    private final Moments moments;
    private long missing;

    ZScoreCheck(CheckSpec spec, String column, int index, double threshold, boolean doubleSided) {
        this.spec = spec;
        this.column = column;
        this.index = index;
        this.threshold = threshold;
        this.doubleSided = doubleSided;
        this.moments = new Moments(spec, column, index, null);
    }

    @Override
    public void accept(BatchView batch) {
        moments.accept(batch);
        ColumnView view = batch.columns()[index];
        for (int row = 0; row < batch.size(); row++) {
            if (view.missing(row)) {
                missing++;
                values.add(Double.NaN);
            } else {
                double x = view.number(row);
                values.add(Double.isNaN(x) ? Double.POSITIVE_INFINITY : x);   // not a number: never below
            }
        }
    }

    @Override
    public CheckResult result() {
        try (values) {
            double mean = moments.mean();
            double stdev = moments.stdev();
            Examples examples = new Examples();
            long[] state = {0, 0};   // row, unexpected
            values.forEach(x -> {
                long row = state[0]++;
                if (!Double.isNaN(x) && !below(x, mean, stdev)) {
                    state[1]++;
                    examples.add(row, Values.plain(x));
                }
            });
            return Outcome.ofValues(spec, column, values.size(), missing, state[1], examples.list());
        }
    }

    private boolean below(double x, double mean, double stdev) {
        double z = (x - mean) / stdev;
        return Double.isNaN(z) || (doubleSided ? Math.abs(z) < threshold : z < threshold);
    }
}
