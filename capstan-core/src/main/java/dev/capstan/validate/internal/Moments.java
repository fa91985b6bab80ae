package dev.capstan.validate.internal;

import dev.capstan.validate.CheckResult;
import dev.capstan.validate.CheckSpec;
import dev.capstan.validate.CheckType;

/**
 * {@code mean_between}, {@code min_between}, {@code max_between}, {@code sum_between}, {@code stdev_between}:
 * one pass, compensated sum, Welford's variance; the standard deviation is the sample one (n − 1), as pandas and
 * Great Expectations compute it. A value that is not a number makes the statistic NaN, which fails the check.
 */
final class Moments extends ColumnAggregate {

    private final Range range;
    private long count;
    private long notNumbers;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;
    private double compensation;
    private double mean;
    private double m2;

    Moments(CheckSpec spec, String column, int index, Range range) {
        super(spec, column, index);
        this.range = range;
    }

    @Override
    void add(ColumnView view, int row, long tableRow) {
        double x = view.number(row);
        if (Double.isNaN(x)) {
            notNumbers++;
            return;
        }
        count++;
        min = Math.min(min, x);
        max = Math.max(max, x);
        double t = sum + x;
        compensation += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum;
        sum = t;
        double delta = x - mean;
        mean += delta / count;
        m2 += delta * (x - mean);
    }

    @Override
    public CheckResult result() {
        double value = notNumbers > 0 ? Double.NaN : statistic();
        return observed(range.contains(value), Values.plain(value));
    }

    private double statistic() {
        if (spec.type() == CheckType.SUM_BETWEEN) {
            return sum + compensation;
        }
        if (count == 0) {
            return Double.NaN;
        }
        return switch (spec.type()) {
            case MIN_BETWEEN -> min;
            case MAX_BETWEEN -> max;
            case MEAN_BETWEEN -> (sum + compensation) / count;
            case STDEV_BETWEEN -> count < 2 ? Double.NaN : Math.sqrt(m2 / (count - 1));
            default -> throw new IllegalStateException(spec.type().word());
        };
    }

    /** The mean and sample standard deviation so far, for z-scores. */
    double mean() {
        return count == 0 ? Double.NaN : (sum + compensation) / count;
    }

    double stdev() {
        return count < 2 ? Double.NaN : Math.sqrt(m2 / (count - 1));
    }
}
