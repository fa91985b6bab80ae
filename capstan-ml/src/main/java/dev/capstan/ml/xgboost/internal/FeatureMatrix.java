package dev.capstan.ml.xgboost.internal;

import dev.capstan.CapstanException;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.Tensor;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a {@link ColumnarBatch} into the dense row-major float32 matrix XGBoost predicts on: values are cast to
 * float as numpy's {@code astype(float32)} does, and {@code null} or NaN becomes NaN, XGBoost's "missing".
 */
public final class FeatureMatrix {

    private FeatureMatrix() {
    }

    /** {@link #rowMajor(ColumnarBatch, List, int, Set)} with every named column required. */
    public static float[] rowMajor(ColumnarBatch batch, List<String> names, int numFeatures) {
        return rowMajor(batch, names, numFeatures, Set.of());
    }

    /**
     * The model's columns of {@code batch}, in model order.
     *
     * @param names    the model's feature names, or empty to take the batch's columns by position
     * @param optional names that may be absent from the batch: such a column is missing (NaN) in every row
     */
    public static float[] rowMajor(ColumnarBatch batch, List<String> names, int numFeatures, Set<String> optional) {
        List<Object> columns = columns(batch, names, numFeatures, optional);
        int rows = batch.rowCount();
        float[] out = new float[rows * numFeatures];
        for (int f = 0; f < numFeatures; f++) {
            Object column = columns.get(f);
            if (column == null) {
                fillMissing(out, f, numFeatures, rows);
            } else {
                copy(column, names.isEmpty() ? "#" + f : names.get(f), out, f, numFeatures, rows);
            }
        }
        return out;
    }

    /**
     * A {@code [rows, numFeatures]} tensor (or {@code [rows]} for a one-feature model) as the row-major float32
     * matrix: numbers cast to float32, booleans as 0 and 1, NaN as missing.
     */
    public static float[] rowMajor(Tensor tensor, int numFeatures) {
        List<Long> shape = tensor.shape();
        boolean matrix = shape.size() == 2 && shape.get(1) == numFeatures;
        if (!matrix && !(shape.size() == 1 && numFeatures == 1)) {
            throw CapstanException.invalid("The XGBoost model takes a tensor of shape [rows, %d], found %s %s",
                    numFeatures, tensor.dtype(), shape);
        }
        Object data = tensor.data();
        if (data instanceof float[] floats) {
            return floats;
        }
        float[] out = new float[Array.getLength(data)];
        for (int i = 0; i < out.length; i++) {
            Object value = Array.get(data, i);
            if (value instanceof Boolean b) {
                out[i] = b ? 1f : 0f;
            } else if (value instanceof Number n) {
                out[i] = n.floatValue();
            } else {
                throw CapstanException.invalid("XGBoost takes numbers, found a %s tensor holding %s", tensor.dtype(),
                        value == null ? "null" : value.getClass().getSimpleName());
            }
        }
        return out;
    }

    /** The columns in model order; {@code null} for an absent optional one. */
    private static List<Object> columns(ColumnarBatch batch, List<String> names, int numFeatures,
                                        Set<String> optional) {
        if (names.isEmpty()) {
            if (batch.columns().size() != numFeatures) {
                throw CapstanException.invalid("The model takes %d features and names none, found %d columns %s",
                        numFeatures, batch.columns().size(), batch.columns().keySet());
            }
            return new ArrayList<>(batch.columns().values());
        }
        List<Object> columns = new ArrayList<>(numFeatures);
        for (String name : names) {
            if (!batch.has(name) && !optional.contains(name)) {
                throw CapstanException.invalid("The model needs column '%s' (feature %d of %d; only columns the "
                        + "signature marks optional may be left out), found columns %s", name, columns.size(),
                        numFeatures, batch.columns().keySet());
            }
            columns.add(batch.column(name));
        }
        return columns;
    }

    private static void fillMissing(float[] out, int f, int stride, int rows) {
        for (int r = 0; r < rows; r++) {
            out[r * stride + f] = Float.NaN;
        }
    }

    private static void copy(Object column, String name, float[] out, int f, int stride, int rows) {
        if (column instanceof double[] values) {
            for (int r = 0; r < rows; r++) {
                out[r * stride + f] = (float) values[r];
            }
        } else if (column instanceof float[] values) {
            for (int r = 0; r < rows; r++) {
                out[r * stride + f] = values[r];
            }
        } else {
            for (int r = 0; r < rows; r++) {
                out[r * stride + f] = element(column, name, r);
            }
        }
    }

    private static float element(Object column, String name, int row) {
        Object value = java.lang.reflect.Array.get(column, row);
        if (value == null) {
            return Float.NaN;
        }
        if (value instanceof Number number) {
            return number.floatValue();
        }
        if (value instanceof Boolean bool) {
            return bool ? 1f : 0f;
        }
        throw CapstanException.invalid("Column '%s': XGBoost takes numbers (category codes for categorical "
                + "features), found %s", name, value.getClass().getSimpleName());
    }
}
