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
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A training table read whole into memory, column by column, with CSV's text read as numbers in the columns where
 * every present value is one (so {@code age} is numeric and {@code category} text, as pandas reads them). A column
 * of decimal numbers becomes a {@code double[]} (NaN for missing), so its values are never boxed.
 */
public final class Tables {


    private Tables() {
    }

    /**
     * A table's columns.
     *
     * @param names   the column names
     * @param columns one array per column: a {@code double[]}, or an {@code Object[]} of {@code Double},
     *                {@code Long}, {@code String}, {@code Boolean} or null
     * @param rows    the number of rows
     */
    public record Columns(List<String> names, List<Object> columns, int rows) {

        /** The column named {@code name}, {@code double[]} or {@code Object[]}; an error listing the columns if none. */
        public Object column(String name, String role) {
            int index = names.indexOf(name);
            if (index < 0) {
                throw CapstanException.invalid("the %s column '%s' is not in the data (its columns: %s)", role, name,
                        String.join(", ", names));
            }
            return columns.get(index);
        }
    }

    /**
     * Reads a CSV, Parquet or JSON-lines file. A plain CSV is read straight from its bytes on every core
     * ({@link CsvColumns}); other files batch by batch, their numeric columns parsed as they come, so their text is
     * never held whole, and a column that turns out to hold other values after some batches read again.
     */
    public static Columns read(Path file) {
        Optional<Character> separator = TableSources.csvSeparator(file);
        Columns plain = separator.isEmpty() ? null : CsvColumns.read(file, separator.get());
        return plain != null ? plain : readBatches(file, TableSources.prefetching(TableSources.open(file)));
    }

    /** Reads any table file batch by batch (see {@link #read}); for tests of the fast path against it. */
    static Columns readBatches(Path file) {
        return readBatches(file, TableSources.open(file));
    }

    private static Columns readBatches(Path file, TableSource opened) {
        List<String> names;
        ColumnReader[] readers;
        int rows = 0;
        try (TableSource source = opened) {
            names = source.columns();
            readers = Stream.generate(ColumnReader::new).limit(names.size()).toArray(ColumnReader[]::new);
            for (Batch batch = source.next(); batch != null; batch = source.next()) {
                for (int c = 0; c < readers.length; c++) {
                    readers[c].add(batch.columns().get(c).values(), batch.size());
                }
                rows += batch.size();
            }
        }
        rereadLost(file, readers);
        List<Object> columns = new ArrayList<>();
        for (ColumnReader reader : readers) {
            columns.add(reader.column(rows));
        }
        return new Columns(names, columns, rows);
    }

    /** Reads the values again for the columns whose first batches were kept only as numbers. */
    private static void rereadLost(Path file, ColumnReader[] readers) {
        List<ColumnReader> lost = Stream.of(readers).filter(r -> r.lost).toList();
        if (lost.isEmpty()) {
            return;
        }
        lost.forEach(ColumnReader::restart);
        try (TableSource source = TableSources.open(file)) {
            for (Batch batch = source.next(); batch != null; batch = source.next()) {
                for (int c = 0; c < readers.length; c++) {
                    if (lost.contains(readers[c])) {
                        readers[c].add(batch.columns().get(c).values(), batch.size());
                    }
                }
            }
        }
    }

    /**
     * One column as it is read: numbers while every value is missing, a double or decimal text (the batches' text
     * dropped); from the first other value on, the values as they came.
     */
    private static final class ColumnReader {
        private double[] numbers = new double[1024];
        private int size;
        private List<Object[]> values;
        private boolean lost;

        void add(Object[] batch, int rows) {
            if (values == null && !addNumbers(batch, rows)) {
                lost = size > 0;
                values = new ArrayList<>();
            }
            if (values != null) {
                values.add(Arrays.copyOf(batch, rows));
            }
        }

        /** Forgets the values, to be given every batch again. */
        void restart() {
            values.clear();
            lost = false;
            numbers = null;
        }

        /** The whole column: a {@code double[]}, or its values read as {@link #numbersWherePossible} reads them. */
        Object column(int rows) {
            return values == null ? Arrays.copyOf(numbers, rows) : numbersWherePossible(concat(values, rows));
        }

        private boolean addNumbers(Object[] batch, int rows) {
            if (numbers.length < size + rows) {
                numbers = Arrays.copyOf(numbers, Math.max(size + rows, numbers.length * 2));
            }
            for (int i = 0; i < rows; i++) {
                double x = number(batch[i]);
                if (Double.isNaN(x) && batch[i] != null && !(batch[i] instanceof Double)) {
                    return false;
                }
                numbers[size + i] = x;
            }
            size += rows;
            return true;
        }

        /** A missing value, a double or decimal text as a number; NaN for anything else. */
        private static double number(Object value) {
            if (value instanceof String text) {
                return Decimals.parse(text);
            }
            return value instanceof Double d ? d : Double.NaN;
        }
    }

    private static Object[] concat(List<Object[]> parts, int rows) {
        Object[] values = new Object[rows];
        int at = 0;
        for (Object[] part : parts) {
            System.arraycopy(part, 0, values, at, part.length);
            at += part.length;
        }
        return values;
    }

    /** A column as an {@code Object[]}: a {@code double[]}'s numbers boxed, NaN as null (as the file had it). */
    public static Object[] boxed(Object column) {
        if (!(column instanceof double[] numbers)) {
            return (Object[]) column;
        }
        Object[] values = new Object[numbers.length];
        for (int i = 0; i < numbers.length; i++) {
            values[i] = Double.isNaN(numbers[i]) ? null : numbers[i];
        }
        return values;
    }

    /**
     * A column of missing values, doubles and text that reads as numbers becomes a {@code double[]}; one with other
     * values (longs, booleans) is read by {@link #boxedNumbersWherePossible}. Text that is not a number gives the
     * column back as it is.
     */
    private static Object numbersWherePossible(Object[] values) {
        double[] numbers = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                numbers[i] = Double.NaN;
            } else if (values[i] instanceof Double d) {
                numbers[i] = d;
            } else if (values[i] instanceof String s) {
                numbers[i] = Decimals.parse(s);
                if (Double.isNaN(numbers[i])) {
                    return values;
                }
            } else {
                return boxedNumbersWherePossible(values);
            }
        }
        return numbers;
    }

    /**
     * Text that reads as numbers, in a column where all present text does, becomes {@code Double}; a column with
     * any other text stays as it is. One pass: the first text that is not a number gives the column back.
     */
    private static Object[] boxedNumbersWherePossible(Object[] values) {
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
