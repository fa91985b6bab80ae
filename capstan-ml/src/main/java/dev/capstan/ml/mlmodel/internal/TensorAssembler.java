package dev.capstan.ml.mlmodel.internal;

import dev.capstan.CapstanException;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.Tensor;
import dev.capstan.ml.mlmodel.SignatureEnforcer;
import dev.capstan.ml.mlmodel.SignatureEnforcer.Coercion;
import dev.capstan.ml.mlmodel.TensorSpec;
import dev.capstan.ml.mlmodel.internal.ColumnConverter.Cell;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the tensors of a tensor-based signature from the columns of a batch, following MLflow's rules for a pandas
 * DataFrame given to such a model ({@code _enforce_tensor_schema}); the rules are documented on
 * {@link SignatureEnforcer#enforceTensors(ColumnarBatch, Coercion)}. Values are converted by {@link TensorValues}.
 */
public final class TensorAssembler {

    private TensorAssembler() {
    }

    /** The tensors of {@code specs}, in spec order, keyed by name ({@link SignatureEnforcer#UNNAMED_TENSOR}). */
    public static Map<String, Tensor> assemble(List<TensorSpec> specs, ColumnarBatch batch, Coercion coercion) {
        specs.forEach(spec -> TensorValues.requireSupported(spec.dtype(), what(spec)));
        Map<String, Tensor> out = new LinkedHashMap<>();
        if (specs.size() == 1) {
            TensorSpec spec = specs.get(0);
            boolean ownColumn = spec.name() != null && batch.has(spec.name());
            out.put(spec.name() == null ? SignatureEnforcer.UNNAMED_TENSOR : spec.name(),
                    ownColumn ? fromColumn(spec, spec.name(), batch, coercion) : fromColumns(spec, batch, coercion));
            return out;
        }
        for (TensorSpec spec : specs) {
            if (!batch.has(spec.name())) {
                throw CapstanException.invalid("Tensor '%s' is required by the model signature (%s %s) but missing: "
                        + "expected a column of that name, found columns %s", spec.name(), spec.dtype(), spec.shape(),
                        batch.columns().keySet());
            }
            out.put(spec.name(), fromColumn(spec, spec.name(), batch, coercion));
        }
        return out;
    }

    /** Every column of the batch, in order, as one feature: a {@code [rows, columns]} tensor. */
    private static Tensor fromColumns(TensorSpec spec, ColumnarBatch batch, Coercion coercion) {
        List<String> names = List.copyOf(batch.columns().keySet());
        if (names.isEmpty()) {
            throw CapstanException.invalid("Expected input columns to build %s (%s %s) from, found none", what(spec),
                    spec.dtype(), spec.shape());
        }
        if (names.size() == 1) {
            return fromColumn(spec, names.get(0), batch, coercion);
        }
        for (String name : names) {
            if (holdsRows(batch.column(name))) {
                throw CapstanException.invalid("Column '%s' holds arrays: only a single column may hold whole rows of "
                        + "%s; found columns %s", name, what(spec), names);
            }
        }
        int rows = batch.rowCount();
        List<Long> shape = List.of((long) rows, (long) names.size());
        checkShape(spec, shape, names.size() + " columns " + names);
        Object data = TensorValues.newArray(spec.dtype(), Math.multiplyExact(rows, names.size()));
        for (int c = 0; c < names.size(); c++) {
            fill(names.get(c), batch.column(names.get(c)), data, c, names.size(), spec.dtype(), coercion);
        }
        return new Tensor(spec.dtype(), shape, data);
    }

    /** One column: one value per row ({@code [rows]} or {@code [rows, 1]}), or an array per row reshaped. */
    private static Tensor fromColumn(TensorSpec spec, String name, ColumnarBatch batch, Coercion coercion) {
        Object column = batch.column(name);
        if (holdsRows(column)) {
            return fromRows(spec, name, column, batch.rowCount(), coercion);
        }
        int rows = batch.rowCount();
        List<Long> shape = spec.shape().size() == 1 ? List.of((long) rows) : List.of((long) rows, 1L);
        checkShape(spec, shape, "column '" + name + "' of single values");
        Object data = TensorValues.newArray(spec.dtype(), rows);
        fill(name, column, data, 0, 1, spec.dtype(), coercion);
        return new Tensor(spec.dtype(), shape, data);
    }

    /** A column whose cells are arrays or lists (nested for rank > 2), each flattened into one row. */
    private static Tensor fromRows(TensorSpec spec, String name, Object column, int rows, Coercion coercion) {
        List<Long> inner = innerShape(spec, name, column, rows);
        int perRow = Math.toIntExact(inner.stream().mapToLong(Long::longValue).reduce(1L, Math::multiplyExact));
        List<Long> shape = new ArrayList<>();
        shape.add((long) rows);
        shape.addAll(inner);
        checkShape(spec, shape, "column '" + name + "' of arrays");
        Object data = TensorValues.newArray(spec.dtype(), Math.multiplyExact(rows, perRow));
        for (int r = 0; r < rows; r++) {
            Cell cell = new Cell(name, r, "");
            List<Object> values = flatten(cell, Array.get(column, r), spec);
            if (values.size() != perRow) {
                throw CapstanException.invalid("Column '%s': expected %d values per row (shape %s), found %d at row %d",
                        name, perRow, inner, values.size(), r);
            }
            for (int i = 0; i < perRow; i++) {
                TensorValues.set(data, r * perRow + i, cell.inside("[" + i + "]"), values.get(i), spec.dtype(),
                        coercion);
            }
        }
        return new Tensor(spec.dtype(), shape, data);
    }

    /** The spec's dimensions after the first; a free second dimension of a rank-2 spec is the first row's size. */
    private static List<Long> innerShape(TensorSpec spec, String name, Object column, int rows) {
        List<Long> inner = spec.shape().subList(Math.min(1, spec.shape().size()), spec.shape().size());
        if (inner.isEmpty()) {
            throw CapstanException.invalid("Column '%s' holds arrays, but %s has shape %s: expected one value per "
                    + "row", name, what(spec), spec.shape());
        }
        if (!inner.contains(-1L)) {
            return inner;
        }
        if (inner.size() == 1 && rows > 0 && Array.get(column, 0) != null) {
            return List.of((long) flatten(new Cell(name, 0, ""), Array.get(column, 0), spec).size());
        }
        throw CapstanException.invalid("Column '%s' holds arrays, but %s has shape %s: to build it from a column of "
                + "arrays, the dimensions after the first must be fixed", name, what(spec), spec.shape());
    }

    private static void fill(String name, Object column, Object data, int offset, int stride, String dtype,
                             Coercion coercion) {
        if (TensorValues.copyFast(column, data, offset, stride, coercion)) {
            return;
        }
        int rows = Array.getLength(column);
        for (int r = 0; r < rows; r++) {
            TensorValues.set(data, offset + r * stride, new Cell(name, r, ""), Array.get(column, r), dtype, coercion);
        }
    }

    /** Whether the column's cells are arrays or lists (judged by its type, or its first non-null cell). */
    private static boolean holdsRows(Object column) {
        Class<?> cells = column.getClass().getComponentType();
        if (cells.isArray()) {
            return cells != byte[].class;
        }
        if (column instanceof Object[] values) {
            for (Object value : values) {
                if (value != null) {
                    return isRow(value);
                }
            }
        }
        return false;
    }

    private static boolean isRow(Object value) {
        return value instanceof List<?> || value != null && value.getClass().isArray() && !(value instanceof byte[]);
    }

    /** The scalars of a row value in row-major order: nested arrays and lists are walked depth first. */
    private static List<Object> flatten(Cell cell, Object row, TensorSpec spec) {
        if (!isRow(row)) {
            throw cell.fail("an array of values for " + what(spec), row, "");
        }
        List<Object> out = new ArrayList<>();
        flattenInto(row, out);
        return out;
    }

    private static void flattenInto(Object value, List<Object> out) {
        if (value instanceof List<?> list) {
            list.forEach(v -> flattenInto(v, out));
        } else if (isRow(value)) {
            for (int i = 0; i < Array.getLength(value); i++) {
                flattenInto(Array.get(value, i), out);
            }
        } else {
            out.add(value);
        }
    }

    private static void checkShape(TensorSpec spec, List<Long> actual, String from) {
        if (!TensorChecker.shapeMatches(spec.shape(), actual)) {
            throw CapstanException.invalid("Shape of %s: expected %s (-1 = any size), found %s from %s", what(spec),
                    spec.shape(), actual, from);
        }
    }

    private static String what(TensorSpec spec) {
        return spec.name() == null ? "the input tensor" : "tensor '" + spec.name() + "'";
    }
}
