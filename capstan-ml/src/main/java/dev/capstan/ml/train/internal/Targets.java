package dev.capstan.ml.train.internal;

import dev.capstan.CapstanException;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A target column read for training: a classifier's classes (sorted, numbers before text, as scikit-learn's
 * {@code LabelEncoder} orders them) and each row's class index, or a regressor's values. Missing or unusable
 * targets are errors that name the row.
 */
public final class Targets {

    private Targets() {
    }

    /**
     * @param classes the class labels by index ({@code Long} for whole numbers, {@code Double}, {@code String});
     *                empty for a regressor
     * @param values  each row's class index, or its value for a regressor
     */
    public record Target(List<Object> classes, double[] values) {
    }

    /** @param column the target column, {@code double[]} or {@code Object[]} */
    public static Target classes(String name, Object column) {
        int rows = Array.getLength(column);
        TreeSet<Object> distinct = new TreeSet<>(ORDER);
        for (int row = 0; row < rows; row++) {
            distinct.add(label(name, column, row));
        }
        if (distinct.size() < 2) {
            throw CapstanException.invalid("the target '%s' has %s; a classifier needs at least two classes", name,
                    distinct.isEmpty() ? "no rows" : "the single class '" + distinct.first() + "'");
        }
        List<Object> classes = new ArrayList<>(distinct);
        Map<Object, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i), i);
        }
        double[] values = new double[rows];
        for (int row = 0; row < rows; row++) {
            values[row] = index.get(label(name, column, row));
        }
        return new Target(classes, values);
    }

    /** @param column the target column, {@code double[]} or {@code Object[]} */
    public static Target values(String name, Object column) {
        double[] values = new double[Array.getLength(column)];
        for (int row = 0; row < values.length; row++) {
            Object value = present(name, column, row);
            if (!(value instanceof Number n)) {
                throw CapstanException.invalid("the target '%s' holds '%s' at row %d; a regressor needs numbers",
                        name, value, row);
            }
            values[row] = n.doubleValue();
        }
        return new Target(List.of(), values);
    }

    /** A class label: whole numbers as {@code Long}, so that 1 and 1.0 are one class. */
    private static Object label(String name, Object column, int row) {
        Object value = present(name, column, row);
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return d.longValue();
        }
        return value instanceof Number || value instanceof String ? value : String.valueOf(value);
    }

    private static Object present(String name, Object column, int row) {
        Object value = column instanceof double[] numbers ? (Object) numbers[row] : ((Object[]) column)[row];
        if (value == null || value instanceof Double d && d.isNaN()) {
            throw CapstanException.invalid("the target '%s' is missing at row %d", name, row);
        }
        return value;
    }

    /** Numbers before text, numbers by value, text by code point. */
    private static final Comparator<Object> ORDER = Comparator.comparing((Object o) -> o instanceof String)
            .thenComparing((a, b) -> a instanceof Number x && b instanceof Number y
                    ? Double.compare(x.doubleValue(), y.doubleValue()) : String.valueOf(a).compareTo(String.valueOf(b)));
}
