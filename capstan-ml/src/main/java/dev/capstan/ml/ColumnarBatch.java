package dev.capstan.ml;

import dev.capstan.CapstanException;

import java.lang.reflect.Array;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A batch of rows stored column by column: the unit that signature enforcement and predictors work on.
 *
 * <p>Each column is a Java array with one element per row: a primitive array ({@code double[]}, {@code long[]},
 * {@code int[]}, {@code float[]}, {@code boolean[]}, ...) or an object array ({@code String[]}, {@code Object[]}
 * holding boxed numbers, {@code byte[]} values, dates, lists or maps). A {@code null} element or a {@code NaN} in a
 * floating-point column means "missing". Columns keep their insertion order. The arrays are not copied: treat a
 * batch as immutable once built.
 *
 * @param columns  column name to array, in column order
 * @param rowCount the number of rows; every array has this length
 */
public record ColumnarBatch(Map<String, Object> columns, int rowCount) {

    public ColumnarBatch {
        Objects.requireNonNull(columns, "columns");
        if (rowCount < 0) {
            throw CapstanException.invalid("Row count must be >= 0, found %d", rowCount);
        }
        columns.forEach((name, values) -> checkColumn(name, values, rowCount));
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /** A batch whose row count is taken from its first column (0 rows when there is none). */
    public static ColumnarBatch of(Map<String, Object> columns) {
        int rows = columns.isEmpty() ? 0 : lengthOf(columns.values().iterator().next());
        return new ColumnarBatch(columns, rows);
    }

    /** Whether the batch has a column with this name. */
    public boolean has(String name) {
        return columns.containsKey(name);
    }

    /** The column's array, or {@code null} when absent. */
    public Object column(String name) {
        return columns.get(name);
    }

    private static void checkColumn(String name, Object values, int rowCount) {
        if (name == null) {
            throw CapstanException.invalid("Column names must not be null");
        }
        int length = lengthOf(values);
        if (length != rowCount) {
            throw CapstanException.invalid("Column '%s': expected %d rows, found %d", name, rowCount, length);
        }
    }

    private static int lengthOf(Object values) {
        if (values == null || !values.getClass().isArray()) {
            throw CapstanException.invalid("A column must be an array, found %s",
                    values == null ? "null" : values.getClass().getName());
        }
        return Array.getLength(values);
    }
}
