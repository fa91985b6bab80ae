package dev.capstan.server.serving.internal;

import dev.capstan.ml.Tensor;
import dev.capstan.ml.predict.PredictionTables;
import dev.capstan.ml.predict.Predictions;
import dev.capstan.ml.predict.PreparedInput;

import java.lang.reflect.Array;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Model inputs and outputs as prediction log columns. Inputs: a column input's columns as they are; a tensor of
 * shape {@code [rows, k]} as {@code <name>_0} to {@code <name>_<k-1>}, a {@code [rows]} one as one column (tensors
 * of other shapes are not logged).
 */
public final class LoggedColumns {

    private LoggedColumns() {
    }

    /**
     * Predictions as log columns: one-value-per-row outputs as they are, a {@code double[][]} or {@code float[][]}
     * output as one {@code double[]} column per position ({@code probability_<i>} for probabilities), as
     * {@link dev.capstan.ml.predict.PredictionTables#columns} names them, without boxing.
     */
    public static Map<String, Object> outputs(Predictions predictions) {
        Map<String, Object> columns = new LinkedHashMap<>();
        PredictionTables.orderedOutputs(predictions).forEach((name, values) -> {
            String prefix = name.equals(Predictions.PROBABILITIES) ? "probability_" : name + "_";
            if (values instanceof double[][] rows) {
                split(columns, prefix, rows.length, rows.length == 0 ? 0 : rows[0].length, (r, k) -> rows[r][k]);
            } else if (values instanceof float[][] rows) {
                split(columns, prefix, rows.length, rows.length == 0 ? 0 : rows[0].length, (r, k) -> rows[r][k]);
            } else if (values.getClass().getComponentType().isArray()) {
                PredictionTables.columns(new Predictions(predictions.rowCount(), Map.of(name, values)))
                        .forEach(columns::put);
            } else {
                columns.put(name, values);
            }
        });
        return columns;
    }

    /** A value of a row-major matrix. */
    private interface Cell {
        double get(int row, int column);
    }

    private static void split(Map<String, Object> columns, String prefix, int rows, int width, Cell cell) {
        for (int k = 0; k < width; k++) {
            double[] column = new double[rows];
            for (int r = 0; r < rows; r++) {
                column[r] = cell.get(r, k);
            }
            columns.put(prefix + k, column);
        }
    }

    public static Map<String, Object> inputs(PreparedInput input) {
        if (input instanceof PreparedInput.Columns c) {
            return c.batch().columns();
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        ((PreparedInput.Tensors) input).tensors().forEach((name, tensor) -> addTensor(columns, name, tensor,
                input.rows()));
        return columns;
    }

    private static void addTensor(Map<String, Object> columns, String name, Tensor tensor, int rows) {
        if (tensor.shape().size() == 1) {
            columns.put(name, tensor.data());
            return;
        }
        if (tensor.shape().size() != 2 || tensor.shape().get(0) != rows) {
            return;
        }
        int width = Math.toIntExact(tensor.shape().get(1));
        for (int k = 0; k < width; k++) {
            Object column = Array.newInstance(tensor.data().getClass().getComponentType(), rows);
            for (int r = 0; r < rows; r++) {
                Array.set(column, r, Array.get(tensor.data(), r * width + k));
            }
            columns.put(name + "_" + k, column);
        }
    }
}
