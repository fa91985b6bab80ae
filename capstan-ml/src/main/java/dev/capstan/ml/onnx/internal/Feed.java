package dev.capstan.ml.onnx.internal;

import dev.capstan.CapstanException;

import java.lang.reflect.Array;
import java.util.List;
import java.util.Map;

/**
 * The columns that feed one ONNX input: either one column whose cells are rows of features ({@code rows}), or
 * columns of single values, one per feature in order.
 *
 * @param input    the ONNX input
 * @param names    the columns' names, for messages
 * @param columns  the column arrays
 * @param rows     whether the single column holds one array of features per cell
 * @param features elements per row
 */
record Feed(OnnxInput input, List<String> names, List<Object> columns, boolean rows, int features) {

    /** Columns of single values, one per feature, in map order. */
    static Feed ofColumns(OnnxInput input, Map<String, Object> columns) {
        int expected = input.featuresPerRow() >= 0 ? input.featuresPerRow() : columns.size();
        if (columns.size() != expected) {
            throw CapstanException.invalid("Model input '%s' expects %d features per row, found %d: columns %s",
                    input.name(), expected, columns.size(), columns.keySet());
        }
        return new Feed(input, List.copyOf(columns.keySet()), List.copyOf(columns.values()), false, expected);
    }

    /** One column of the input's name whose cells are arrays or lists of features. */
    static Feed ofRows(OnnxInput input, Object column) {
        int expected = input.featuresPerRow();
        if (expected < 0) {
            expected = Array.getLength(column) == 0 ? 0 : Values.length(row(input, column, 0));
        }
        return new Feed(input, List.of(input.name()), List.of(column), true, expected);
    }

    /** The bytes the input tensor of {@code rowCount} rows takes. */
    long bytes(int rowCount) {
        return (long) rowCount * features * input.type().size;
    }

    /** Writes every value to {@code sink}, row-major. */
    void fill(Sink sink, int rowCount) {
        if (rows) {
            fillRows(sink, rowCount);
        } else {
            for (int c = 0; c < columns.size(); c++) {
                int bad = Values.write(columns.get(c), sink, c, features);
                if (bad != Values.OK) {
                    throw cellError(names.get(c), bad, Values.get(columns.get(c), bad), "");
                }
            }
        }
    }

    private void fillRows(Sink sink, int rowCount) {
        Object column = columns.get(0);
        for (int r = 0; r < rowCount; r++) {
            Object row = row(input, column, r);
            if (Values.length(row) != features) {
                throw CapstanException.invalid("Model input '%s' expects %d features per row, found %d in row %d of "
                        + "column '%s'", input.name(), features, Values.length(row), r, input.name());
            }
            int bad = Values.write(row, sink, r * features, 1);
            if (bad != Values.OK) {
                throw cellError(input.name(), r, Values.get(row, bad), " element " + bad);
            }
        }
    }

    private static Object row(OnnxInput input, Object column, int r) {
        Object row = Array.get(column, r);
        if (!Values.isRow(row)) {
            throw CapstanException.invalid("Model input '%s': row %d of column '%s' must be an array of features, "
                    + "found %s", input.name(), r, input.name(), describe(row));
        }
        return row;
    }

    private CapstanException cellError(String column, int row, Object value, String element) {
        return CapstanException.invalid("Model input '%s' (%s): column '%s' row %d%s holds %s", input.name(),
                input.dtype(), column, row, element, value instanceof Number || value == null
                        ? describe(value) + ", which " + input.dtype() + " cannot hold"
                        : "a non-numeric value " + describe(value));
    }

    private static String describe(Object value) {
        if (value == null) {
            return "a missing value";
        }
        if (value instanceof Number) {
            return value.toString();
        }
        String type = value.getClass().isArray() ? "an array" : value.getClass().getSimpleName();
        return value.getClass().isArray() ? type : "'" + value + "' (" + type + ")";
    }
}
