package dev.capstan.ml.preprocess;

import dev.capstan.CapstanException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * A table in memory, column by column, as preprocessing fits and transforms it. A column is a {@code double[]} of
 * numbers (NaN is missing), so numeric data is never boxed, or an {@code Object[]} whose values are {@code Double},
 * {@code Long}, {@code String}, {@code Boolean} or null (null or a NaN double is missing). A {@code double[]}
 * column reads as {@code Double}s would. The lists are copied, the column arrays are not: treat them as immutable
 * once given.
 *
 * @param names   column names, distinct
 * @param columns one {@code Object[]} or {@code double[]} per name, each {@code rows} long
 * @param rows    the number of rows
 */
public record Frame(List<String> names, List<Object> columns, int rows) {

    public Frame {
        names = List.copyOf(names);
        columns = List.copyOf(columns);
        if (names.size() != columns.size()) {
            throw CapstanException.invalid("A frame needs one column per name: %d names, %d columns",
                    names.size(), columns.size());
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw CapstanException.invalid("A frame's column names must be distinct, found %s", names);
        }
        for (int c = 0; c < names.size(); c++) {
            int length = length(names.get(c), columns.get(c));
            if (length != rows) {
                throw CapstanException.invalid("Column '%s': expected %d rows, found %d", names.get(c), rows, length);
            }
        }
    }

    /** A frame from named columns in map order; the row count is the first column's length (0 when none). */
    public static Frame of(Map<String, ?> columns) {
        List<String> names = new ArrayList<>(columns.keySet());
        int rows = names.isEmpty() ? 0 : length(names.get(0), columns.get(names.get(0)));
        return new Frame(names, new ArrayList<>(columns.values()), rows);
    }

    /** The position of a column, or -1 when absent. */
    public int indexOf(String name) {
        return names.indexOf(name);
    }

    /**
     * A column's array: {@code double[]} or {@code Object[]}.
     *
     * @throws CapstanException naming the column and the frame's columns when absent
     */
    public Object column(String name) {
        int index = indexOf(name);
        if (index < 0) {
            throw CapstanException.invalid("No column '%s'; the frame has %s", name, names);
        }
        return columns.get(index);
    }

    /** One cell as an object: a {@code double[]} column's number boxed (NaN stays NaN). Not for hot loops. */
    public Object value(int column, int row) {
        Object values = columns.get(column);
        return values instanceof double[] numbers ? (Object) numbers[row] : ((Object[]) values)[row];
    }

    private static int length(String name, Object column) {
        if (column instanceof double[] numbers) {
            return numbers.length;
        }
        if (column instanceof Object[] values) {
            return values.length;
        }
        throw CapstanException.invalid("Column '%s': expected an Object[] or a double[], found %s", name,
                column == null ? "null" : column.getClass().getSimpleName());
    }
}
