package dev.capstan.ml.train.internal;

import dev.capstan.CapstanException;
import dev.capstan.validate.Batch;
import dev.capstan.validate.TableSource;
import dev.capstan.validate.TableSources;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A training table read whole into memory, column by column, with CSV's text read as numbers in the columns where
 * every present value is one (so {@code age} is numeric and {@code category} text, as pandas reads them).
 */
public final class Tables {

    private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    private Tables() {
    }

    /**
     * A table's columns.
     *
     * @param names   the column names
     * @param columns one array per column: {@code Double}, {@code Long}, {@code String}, {@code Boolean} or null
     * @param rows    the number of rows
     */
    public record Columns(List<String> names, List<Object[]> columns, int rows) {

        /** The column named {@code name}; an error listing the columns when there is none. */
        public Object[] column(String name, String role) {
            int index = names.indexOf(name);
            if (index < 0) {
                throw CapstanException.invalid("the %s column '%s' is not in the data (its columns: %s)", role, name,
                        String.join(", ", names));
            }
            return columns.get(index);
        }
    }

    /** Reads a CSV, Parquet or JSON-lines file. */
    public static Columns read(Path file) {
        try (TableSource source = TableSources.open(file)) {
            List<String> names = source.columns();
            List<List<Object[]>> batches = new ArrayList<>();
            int rows = 0;
            for (Batch batch = source.next(); batch != null; batch = source.next()) {
                List<Object[]> columns = new ArrayList<>();
                for (var column : batch.columns()) {
                    columns.add(Arrays.copyOf(column.values(), batch.size()));
                }
                batches.add(columns);
                rows += batch.size();
            }
            List<Object[]> columns = new ArrayList<>();
            for (int c = 0; c < names.size(); c++) {
                columns.add(numbersWherePossible(concat(batches, c, rows)));
            }
            return new Columns(names, columns, rows);
        }
    }

    private static Object[] concat(List<List<Object[]>> batches, int column, int rows) {
        Object[] values = new Object[rows];
        int at = 0;
        for (List<Object[]> batch : batches) {
            Object[] part = batch.get(column);
            System.arraycopy(part, 0, values, at, part.length);
            at += part.length;
        }
        return values;
    }

    /** Text that reads as numbers, in a column where all present text does, becomes {@code Double}. */
    private static Object[] numbersWherePossible(Object[] values) {
        for (Object value : values) {
            if (value instanceof String s && number(s) == null) {
                return values;
            }
        }
        Object[] numbers = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            numbers[i] = values[i] instanceof String s ? number(s) : values[i];
        }
        return numbers;
    }

    /** A plain decimal ({@code -12.5}, {@code 3e-4}); not {@code NaN}, {@code Infinity}, {@code 1d} or hex. */
    private static Double number(String text) {
        return DECIMAL.matcher(text).matches() ? Double.valueOf(text) : null;
    }
}
