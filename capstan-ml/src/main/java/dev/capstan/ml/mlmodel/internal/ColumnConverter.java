package dev.capstan.ml.mlmodel.internal;

import dev.capstan.CapstanException;
import dev.capstan.ml.mlmodel.ColSpec;
import dev.capstan.ml.mlmodel.ColumnType;
import dev.capstan.ml.mlmodel.DataType;
import dev.capstan.ml.mlmodel.SignatureEnforcer.Coercion;

import java.lang.reflect.Array;
import java.time.LocalDateTime;

/**
 * Converts one input column (a Java array) to the array type of its {@link ColSpec}, value by value, with the
 * rules documented on {@link dev.capstan.ml.mlmodel.SignatureEnforcer}.
 */
public final class ColumnConverter {

    private ColumnConverter() {
    }

    /** The column converted to the spec's type; fails naming the column, the row and the value. */
    public static Object convert(String column, Object values, ColSpec spec, Coercion coercion) {
        if (spec.type() instanceof DataType type) {
            return isAlready(values, type) ? values : scalars(column, values, type, coercion);
        }
        int rows = Array.getLength(values);
        Object[] out = new Object[rows];
        for (int row = 0; row < rows; row++) {
            Cell cell = new Cell(column, row, "");
            out[row] = Composite.convert(cell, Array.get(values, row), spec.type(), spec.required(), coercion);
        }
        return out;
    }

    /** Arrays already of the target type: primitives cannot hold a missing value that would need checking. */
    private static boolean isAlready(Object values, DataType type) {
        return switch (type) {
            case BOOLEAN -> values instanceof boolean[];
            case INTEGER -> values instanceof int[];
            case LONG -> values instanceof long[];
            case FLOAT -> values instanceof float[];
            case DOUBLE -> values instanceof double[];
            case STRING -> values instanceof String[];
            default -> false;
        };
    }

    private static Object scalars(String column, Object values, DataType type, Coercion coercion) {
        int rows = Array.getLength(values);
        Object out = newArray(type, rows);
        for (int row = 0; row < rows; row++) {
            Object value = Scalars.convert(new Cell(column, row, ""), Array.get(values, row), type, coercion);
            Array.set(out, row, value);
        }
        return out;
    }

    private static Object newArray(DataType type, int rows) {
        return switch (type) {
            case BOOLEAN -> new boolean[rows];
            case INTEGER -> new int[rows];
            case LONG -> new long[rows];
            case FLOAT -> new float[rows];
            case DOUBLE -> new double[rows];
            case STRING -> new String[rows];
            case BINARY -> new byte[rows][];
            case DATETIME -> new LocalDateTime[rows];
        };
    }

    /** Where a value sits, for messages: column, row and the path inside a composite value. */
    record Cell(String column, int row, String path) {

        Cell inside(String step) {
            return new Cell(column, row, path + step);
        }

        CapstanException fail(String expected, Object found, String why) {
            return CapstanException.invalid("Column '%s'%s: expected %s, found %s at row %d%s",
                    column, path, expected, Kinds.describe(found), row, why.isEmpty() ? "" : " (" + why + ")");
        }
    }
}
