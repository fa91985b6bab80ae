package dev.capstan.ml.predict;

import dev.capstan.ml.predict.internal.ArrayParts;

import java.lang.reflect.Array;
import java.util.HashMap;
import java.util.Map;

/**
 * A model's outputs for a batch: named Java arrays with one entry per row. Conventional names:
 * {@code label} ({@code long[]}: the predicted class index, as MLflow's XGBoost classifiers return it),
 * {@code probabilities} ({@code double[][]}: one row of class probabilities per input row) and
 * {@code prediction} ({@code double[]}: regression values, or a Booster's raw predictions).
 * ONNX models use their own output names, with arrays of the output's element type ({@code float[][]}, ...).
 */
public record Predictions(int rowCount, Map<String, Object> outputs) {

    public static final String LABEL = "label";
    public static final String PROBABILITIES = "probabilities";
    public static final String PREDICTION = "prediction";

    public Predictions {
        outputs = Map.copyOf(outputs);
    }

    /** Whether every output has one entry per row, so that {@link #slice} applies. */
    public boolean rowAligned() {
        return outputs.values().stream().allMatch(v -> v.getClass().isArray() && Array.getLength(v) == rowCount);
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) of every {@linkplain #rowAligned() row-aligned} output. */
    public Predictions slice(int from, int to) {
        if (!rowAligned()) {
            throw new IllegalStateException("outputs without one entry per row cannot be sliced: " + outputs.keySet());
        }
        Map<String, Object> parts = new HashMap<>();
        outputs.forEach((name, values) -> parts.put(name, ArrayParts.slice(values, from, to)));
        return new Predictions(to - from, parts);
    }

    public Object output(String name) {
        Object value = outputs.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no output '" + name + "'; outputs are " + outputs.keySet());
        }
        return value;
    }
}
