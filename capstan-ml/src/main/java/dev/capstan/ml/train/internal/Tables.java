package dev.capstan.ml.train.internal;

import dev.capstan.CapstanException;
import dev.capstan.validate.Batch;
import dev.capstan.validate.TableSource;
import dev.capstan.validate.TableSources;
import dev.capstan.validate.internal.Decimals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A training table read whole into memory, column by column, with CSV's text read as numbers in the columns where
 * every present value is one (so {@code age} is numeric and {@code category} text, as pandas reads them).
 */
public final class Tables {


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

    /**
     * Text that reads as numbers, in a column where all present text does, becomes {@code Double}; a column with
     * any other text stays as it is. One pass: the first text that is not a number gives the column back.
     */
    private static Object[] numbersWherePossible(Object[] values) {
        Object[] numbers = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof String s) {
                double number = Decimals.parse(s);
                if (Double.isNaN(number)) {
                    return values;
                }
                numbers[i] = number;
            } else {
                numbers[i] = values[i];
            }
        }
        return numbers;
    }
}
