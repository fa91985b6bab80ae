package dev.capstan.validate.internal;

import dev.capstan.validate.CheckResult;
import dev.capstan.validate.CheckSpec;
import dev.capstan.validate.CheckType;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code median_between} and {@code quantiles_between}: exact quantiles with linear interpolation over the
 * column's numbers, kept in a {@link DoubleLog} (bounded memory).
 */
final class QuantileCheck extends ColumnAggregate {

    private final double[] quantiles;
    private final List<Range> ranges;
    private final DoubleLog numbers = new DoubleLog();
    private long notNumbers;

    QuantileCheck(CheckSpec spec, String column, int index, double[] quantiles, List<Range> ranges) {
        super(spec, column, index);
        this.quantiles = quantiles;
        this.ranges = ranges;
    }

    @Override
    void add(ColumnView view, int row, long tableRow) {
        double x = view.number(row);
        if (Double.isNaN(x)) {
            notNumbers++;
        } else {
            numbers.add(x);
        }
    }

    @Override
    public CheckResult result() {
        try (numbers) {
            double[] values = notNumbers > 0 ? nans() : ExactQuantiles.of(numbers, quantiles);
            boolean success = true;
            List<Object> observed = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                success &= ranges.get(i).contains(values[i]);
                observed.add(Values.plain(values[i]));
            }
            if (spec.type() == CheckType.MEDIAN_BETWEEN) {
                return observed(success, observed.get(0));
            }
            java.util.Map<String, Object> byQuantile = new java.util.LinkedHashMap<>();
            byQuantile.put("quantiles", toList(quantiles));
            byQuantile.put("values", observed);
            return observed(success, byQuantile);
        }
    }

    private double[] nans() {
        double[] values = new double[quantiles.length];
        java.util.Arrays.fill(values, Double.NaN);
        return values;
    }

    private static List<Double> toList(double[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
