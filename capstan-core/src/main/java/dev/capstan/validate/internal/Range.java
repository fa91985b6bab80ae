package dev.capstan.validate.internal;

import dev.capstan.validate.CheckSpec;
import dev.capstan.validate.ColumnType;

/**
 * The bounds of a range argument ({@code min}, {@code max}, {@code strict_min}, {@code strict_max}), read in the
 * column's terms: numbers, or dates for date columns. A missing bound is open.
 */
record Range(double min, double max, boolean strictMin, boolean strictMax) {

    static Range of(CheckSpec spec, ColumnType type) {
        return new Range(bound(spec.arg("min"), type, Double.NEGATIVE_INFINITY),
                bound(spec.arg("max"), type, Double.POSITIVE_INFINITY),
                Boolean.TRUE.equals(spec.arg("strict_min")), Boolean.TRUE.equals(spec.arg("strict_max")));
    }

    /** A range of plain numbers, whatever the column's type (counts, lengths, proportions). */
    static Range ofNumbers(CheckSpec spec) {
        return of(spec, ColumnType.FLOAT);
    }

    private static double bound(Object value, ColumnType type, double open) {
        if (value == null) {
            return open;
        }
        double bound = Values.number(value, type);
        if (Double.isNaN(bound)) {
            throw new IllegalArgumentException("bound '" + value + "' is not a "
                    + (type == ColumnType.DATE || type == ColumnType.DATETIME ? "date" : "number"));
        }
        return bound;
    }

    boolean contains(double value) {
        if (Double.isNaN(value)) {
            return false;
        }
        boolean aboveMin = strictMin ? value > min : value >= min;
        boolean belowMax = strictMax ? value < max : value <= max;
        return aboveMin && belowMax;
    }
}
