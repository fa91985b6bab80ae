package dev.capstan.validate.internal;

import dev.capstan.validate.ColumnType;

/**
 * One column of a batch as the checks read it: each value's text, and its number parsed once for all the checks
 * of the column (dates as epoch days, date-times as epoch seconds, so that ranges and order work alike). Not
 * thread-safe: the checks of a batch run on one thread.
 */
final class ColumnView {

    private final Object[] values;
    private final int size;
    private final ColumnType type;
    private double[] numbers;

    ColumnView(Object[] values, int size, ColumnType type) {
        this.values = values;
        this.size = size;
        this.type = type;
    }

    int size() {
        return size;
    }

    ColumnType type() {
        return type;
    }

    Object value(int row) {
        return values[row];
    }

    boolean missing(int row) {
        return values[row] == null;
    }

    /** The value as text: CSV's as read, a typed value as it prints. */
    String text(int row) {
        Object value = values[row];
        return value instanceof String s ? s : value.toString();
    }

    /** The value as a number: the sort key for dates and date-times; NaN when missing or not a number. */
    double number(int row) {
        if (numbers == null) {
            numbers = new double[size];
            for (int i = 0; i < size; i++) {
                numbers[i] = Values.number(values[i], type);
            }
        }
        return numbers[row];
    }
}
