package dev.capstan.ml.xgboost.internal;

import dev.capstan.CapstanException;
import dev.capstan.ml.ColumnarBatch;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link ColumnarBatch} into the dense row-major float32 matrix XGBoost predicts on: values are cast to
 * float as numpy's {@code astype(float32)} does, and {@code null} or NaN becomes NaN, XGBoost's "missing".
 */
public final class FeatureMatrix {

    private FeatureMatrix() {
    }

    /**
     * The model's columns of {@code batch}, in model order.
     *
     * @param names the model's feature names, or empty to take the batch's first {@code numFeatures} columns
     */
    public static float[] rowMajor(ColumnarBatch batch, List<String> names, int numFeatures) {
        List<Object> columns = columns(batch, names, numFeatures);
        int rows = batch.rowCount();
        float[] out = new float[rows * numFeatures];
        for (int f = 0; f < numFeatures; f++) {
            copy(columns.get(f), names.isEmpty() ? "#" + f : names.get(f), out, f, numFeatures, rows);
        }
        return out;
    }

    private static List<Object> columns(ColumnarBatch batch, List<String> names, int numFeatures) {
        if (names.isEmpty()) {
            if (batch.columns().size() != numFeatures) {
                throw CapstanException.invalid("The model takes %d features and names none, found %d columns %s",
                        numFeatures, batch.columns().size(), batch.columns().keySet());
            }
            return new ArrayList<>(batch.columns().values());
        }
        List<Object> columns = new ArrayList<>(numFeatures);
        for (String name : names) {
            if (!batch.has(name)) {
                throw CapstanException.invalid("The model needs column '%s', found columns %s", name,
                        batch.columns().keySet());
            }
            columns.add(batch.column(name));
        }
        return columns;
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
