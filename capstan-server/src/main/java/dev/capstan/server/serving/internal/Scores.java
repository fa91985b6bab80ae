package dev.capstan.server.serving.internal;

import dev.capstan.ml.predict.PredictionTables;
import dev.capstan.ml.predict.Predictions;

import java.lang.reflect.Array;
import java.util.Map;

/**
 * The score of each predicted row, for prediction drift: the last class's probability (a binary classifier's
 * positive class), else the predicted value, else the label, else the first numeric output.
 */
public final class Scores {

    private Scores() {
    }

    /** Records every row's score in {@code stats}; outputs that give no number are skipped. */
    public static void record(Predictions predictions, WindowStats stats) {
        Map<String, Object> outputs = PredictionTables.orderedOutputs(predictions);
        Object values = outputs.getOrDefault(Predictions.PROBABILITIES, outputs.getOrDefault(Predictions.PREDICTION,
                outputs.getOrDefault(Predictions.LABEL, outputs.values().stream().findFirst().orElse(null))));
        if (values == null || !values.getClass().isArray()) {
            return;
        }
        for (int r = 0; r < Math.min(predictions.rowCount(), Array.getLength(values)); r++) {
            Object v = Array.get(values, r);
            if (v != null && v.getClass().isArray() && Array.getLength(v) > 0) {
                v = Array.get(v, Array.getLength(v) - 1);
            }
            if (v instanceof Number n) {
                stats.scored(n.doubleValue());
            }
        }
    }
}
