package dev.capstan.server.serving.internal;

import dev.capstan.ml.Tensor;
import dev.capstan.ml.predict.PreparedInput;

import java.lang.reflect.Array;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model input as prediction log columns: a column input's columns as they are; a tensor of shape
 * {@code [rows, k]} as {@code <name>_0} to {@code <name>_<k-1>}, a {@code [rows]} one as one column. Tensors of
 * other shapes are not logged.
 */
public final class LoggedColumns {

    private LoggedColumns() {
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
