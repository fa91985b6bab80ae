package dev.capstan.validate.internal;

import dev.capstan.validate.ColumnType;

/**
 * One column of a batch as the checks read it: each value's text, its number and its hash, each computed once for
 * all the checks of the column. Numbers are the sort keys of dates (epoch days) and date-times (epoch seconds), so
 * that ranges and order work alike. The reader thread {@link #prepare}s what the checks need, so that parsing runs
 * beside the checking; whatever was not prepared is computed on first use by the one thread that runs the checks.
 */
final class ColumnView {

    private final Object[] values;
    private final int size;
    private final ColumnType type;
    private double[] numbers;
    private long[] hashes;

    ColumnView(Object[] values, int size, ColumnType type) {
        this.values = values;
        this.size = size;
        this.type = type;
    }

    /** Computes the numbers and hashes the checks will read. */
    void prepare(boolean withNumbers, boolean withHashes) {
        if (withNumbers) {
            numbers();
        }
        if (withHashes) {
            hashes();
        }
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
        return numbers()[row];
    }

    /** The value's key, which equal values share ({@link Values#key}). */
    Object key(int row) {
        return Values.key(values[row], type);
    }

    /** The hash of the value's key; 0 when missing. */
    long hash(int row) {
        return hashes()[row];
    }

    private double[] numbers() {
        if (numbers == null) {
            double[] parsed = new double[size];
            for (int i = 0; i < size; i++) {
                parsed[i] = Values.number(values[i], type);
            }
            numbers = parsed;
        }
        return numbers;
    }

    private long[] hashes() {
        if (hashes == null) {
            long[] computed = new long[size];
            for (int i = 0; i < size; i++) {
                computed[i] = Values.hash(values[i], type);
            }
            hashes = computed;
        }
        return hashes;
    }
}
