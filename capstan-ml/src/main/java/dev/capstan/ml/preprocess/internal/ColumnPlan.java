package dev.capstan.ml.preprocess.internal;

import dev.capstan.CapstanException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What the fitted steps do to one input column: fill a missing text, apply number operations in step order, then
 * either give one feature or one-hot encode; {@code slots} maps each produced feature to its output position
 * (-1: dropped by {@code select_k_best}). Immutable; a value's transformation allocates nothing.
 */
final class ColumnPlan {

    final String column;
    private final String textFill;
    private final NumOp[] ops;
    private final Categories categories;
    private final boolean errorOnUnknown;
    private final int[] slots;

    private ColumnPlan(String column, String textFill, NumOp[] ops, Categories categories, boolean errorOnUnknown,
                       int[] slots) {
        this.column = column;
        this.textFill = textFill;
        this.ops = ops;
        this.categories = categories;
        this.errorOnUnknown = errorOnUnknown;
        this.slots = slots;
    }

    /** The same plan writing each feature at {@code mapping[its position before selection]} (-1: dropped). */
    ColumnPlan remap(int[] mapping) {
        int[] remapped = Arrays.stream(slots).map(s -> mapping[s]).toArray();
        return new ColumnPlan(column, textFill, ops, categories, errorOnUnknown, remapped);
    }

    /** The number this column gives (row < 0: a single row). */
    double number(Object value, int row) {
        double x = Values.number(filled(value), column, row);
        for (NumOp op : ops) {
            x = op.apply(x);
        }
        return x;
    }

    /** The number a numeric cell gives, as {@link #number(Object, int)} gives it for the boxed value. */
    double number(double value, int row) {
        if (textFill != null) {
            return number((Object) value, row);   // a text column given numbers: rare, so boxing is fine
        }
        double x = value;
        for (NumOp op : ops) {
            x = op.apply(x);
        }
        return x;
    }

    /** The index of the value's category, -1 when unknown and ignored. */
    int category(Object value, int row) {
        int index = ops.length > 0 ? categories.indexOf(number(value, row)) : categories.indexOf(filled(value));
        return checked(index, value, row);
    }

    /** The index of a numeric cell's category, as {@link #category(Object, int)} gives it for the boxed value. */
    int category(double value, int row) {
        if (textFill != null) {
            return category((Object) value, row);
        }
        int index = categories.indexOf(number(value, row));
        return index < 0 ? checked(index, value, row) : index;   // boxes only for an unknown category
    }

    private int checked(int index, Object value, int row) {
        if (index < 0 && errorOnUnknown) {
            throw CapstanException.invalid("one_hot column '%s'%s: unknown category %s (handle_unknown: error)",
                    column, Values.where(row), Values.describe(value));
        }
        return index;
    }

    /** The names of the features this column gives, before selection. */
    List<String> featureNames() {
        if (categories == null) {
            return List.of(column);
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < categories.size(); i++) {
            names.add(column + "_" + categories.label(i));
        }
        return names;
    }

    /** Writes the column's features of one row at {@code out[base + slot]}; absent features stay 0. */
    void write(Object value, float[] out, int base, int row) {
        if (categories == null) {
            writeNumber(number(value, row), out, base);
        } else {
            writeCategory(category(value, row), out, base);
        }
    }

    /** {@link #write(Object, float[], int, int)} for a numeric cell, without boxing it. */
    void write(double value, float[] out, int base, int row) {
        if (categories == null) {
            writeNumber(number(value, row), out, base);
        } else {
            writeCategory(category(value, row), out, base);
        }
    }

    /** Writes the column's features of one row into {@code features[slot][row]}. */
    void write(Object value, double[][] features, int row) {
        if (categories == null) {
            features[slots[0]][row] = number(value, row);
        } else {
            writeCategory(category(value, row), features, row);
        }
    }

    /** {@link #write(Object, double[][], int)} for a numeric cell, without boxing it. */
    void write(double value, double[][] features, int row) {
        if (categories == null) {
            features[slots[0]][row] = number(value, row);
        } else {
            writeCategory(category(value, row), features, row);
        }
    }

    private void writeNumber(double x, float[] out, int base) {
        if (slots[0] >= 0) {
            out[base + slots[0]] = (float) x;
        }
    }

    private void writeCategory(int index, float[] out, int base) {
        if (index >= 0 && slots[index] >= 0) {
            out[base + slots[index]] = 1f;
        }
    }

    private void writeCategory(int index, double[][] features, int row) {
        if (index >= 0) {
            features[slots[index]][row] = 1.0;
        }
    }

    private Object filled(Object value) {
        return textFill != null && Values.isMissing(value) ? textFill : value;
    }

    /** Collects the fitted steps' operations on one column, in step order. */
    static final class Builder {
        private final String column;
        private String textFill;
        private final List<NumOp> ops = new ArrayList<>();
        private Categories categories;
        private boolean errorOnUnknown;
        private String encodedAt;

        Builder(String column) {
            this.column = column;
        }

        void fill(Object statistic, String where) {
            checkNotEncoded(where);
            if (statistic instanceof String text) {
                if (!ops.isEmpty()) {
                    throw CapstanException.invalid("%s: column '%s' holds numbers, found a text fill value",
                            where, column);
                }
                textFill = textFill == null ? text : textFill;
            } else {
                ops.add(NumOp.fill(((Number) statistic).doubleValue()));
            }
        }

        void op(NumOp op, String where) {
            checkNotEncoded(where);
            if (textFill != null) {
                throw CapstanException.invalid("%s: column '%s' holds text; scale needs numbers", where, column);
            }
            ops.add(op);
        }

        void encode(Categories c, boolean errorOnUnknown, String where) {
            checkNotEncoded(where);
            this.categories = c;
            this.errorOnUnknown = errorOnUnknown;
            this.encodedAt = where;
        }

        /** The plan, writing its features from output position {@code first} on. */
        ColumnPlan build(int first) {
            int width = categories == null ? 1 : categories.size();
            int[] slots = IntStream.range(first, first + width).toArray();
            return new ColumnPlan(column, textFill, ops.toArray(NumOp[]::new), categories, errorOnUnknown, slots);
        }

        private void checkNotEncoded(String where) {
            if (encodedAt != null) {
                throw CapstanException.invalid("%s: column '%s' is one-hot encoded by %s; later steps cannot use it",
                        where, column, encodedAt);
            }
        }
    }
}
