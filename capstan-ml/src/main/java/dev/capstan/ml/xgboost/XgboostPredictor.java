package dev.capstan.ml.xgboost;

import dev.capstan.CapstanException;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.Tensor;
import dev.capstan.ml.predict.Predictions;
import dev.capstan.ml.predict.Predictor;
import dev.capstan.ml.xgboost.internal.FeatureMatrix;
import dev.capstan.ml.xgboost.internal.Scorer;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An XGBoost model loaded by {@link XgboostFlavor}. Outputs depend on the MLflow {@code model_class}:
 * <ul>
 *   <li>{@code XGBClassifier}: {@code label} ({@code long[]}, class index: probability {@code > 0.5} for binary,
 *       argmax otherwise, as scikit-learn's {@code predict}) and {@code probabilities} ({@code double[][]};
 *       binary rows are {@code [1 - p, p]});</li>
 *   <li>{@code XGBRegressor}, {@code XGBRFRegressor}: {@code prediction} ({@code double[]});</li>
 *   <li>a raw {@code Booster}: what {@code Booster.predict} returns, under {@code prediction} ({@code double[]})
 *       for one value per row, or under {@code probabilities} ({@code double[][]}) for multi:softprob.</li>
 * </ul>
 * Models with several values per row that are not class probabilities (e.g. multi-target regression) give a
 * {@code double[][]} under {@code prediction}. Thread-safe.
 */
public final class XgboostPredictor implements Predictor {

    /** How outputs are named and shaped, from the MLflow model_class. */
    enum Kind { CLASSIFIER, REGRESSOR, BOOSTER }

    private final Scorer scorer;
    private final Kind kind;
    private final String objective;
    private final List<String> featureNames;
    private final int numFeatures;
    private final Set<String> optional;

    /**
     * @param featureNames the columns the model takes, in order, or empty to take a batch's columns by position
     * @param optional     columns that may be absent from a batch, then read as missing values in every row
     */
    XgboostPredictor(Scorer scorer, Kind kind, String objective, List<String> featureNames, int numFeatures,
                     Set<String> optional) {
        this.scorer = scorer;
        this.kind = kind;
        this.objective = objective;
        this.featureNames = List.copyOf(featureNames);
        this.numFeatures = numFeatures;
        this.optional = Set.copyOf(optional);
    }

    /** Whether predictions come from the in-process flat-array evaluator (true) or xgboost4j (false). */
    public boolean fast() {
        return scorer.fast();
    }

    @Override
    public Predictions predict(ColumnarBatch batch) {
        int rows = batch.rowCount();
        return outputs(scorer.score(FeatureMatrix.rowMajor(batch, featureNames, numFeatures, optional), rows), rows);
    }

    /**
     * Predicts rows of features already in the model's order (row-major float32, NaN for missing): for a package
     * that prepares the features itself.
     */
    public Predictions predictFeatures(float[] features, int rows) {
        if (features.length != (long) rows * numFeatures) {
            throw CapstanException.invalid("%d feature values are not %d rows of %d features", features.length, rows,
                    numFeatures);
        }
        return outputs(scorer.score(features, rows), rows);
    }

    /** One tensor {@code [rows, features]} (as MLflow feeds a model logged with a NumPy input example). */
    @Override
    public Predictions predictTensors(Map<String, Tensor> tensors) {
        if (tensors.size() != 1) {
            throw CapstanException.invalid("An XGBoost model takes one tensor of shape [rows, %d], found %d tensors %s",
                    numFeatures, tensors.size(), tensors.keySet());
        }
        Tensor tensor = tensors.values().iterator().next();
        int rows = tensor.shape().isEmpty() ? 0 : Math.toIntExact(tensor.shape().get(0));
        return outputs(scorer.score(FeatureMatrix.rowMajor(tensor, numFeatures), rows), rows);
    }

    private Predictions outputs(Scorer.Scores scores, int rows) {
        return new Predictions(rows, switch (kind) {
            case CLASSIFIER -> objective.equals("multi:softmax") ? Map.of(Predictions.LABEL, labels(scores, rows))
                    : classify(scores, rows);
            case REGRESSOR -> Map.of(Predictions.PREDICTION, values(scores, rows));
            case BOOSTER -> Map.of(objective.equals("multi:softprob") ? Predictions.PROBABILITIES
                    : Predictions.PREDICTION, values(scores, rows));
        });
    }

    private static Map<String, Object> classify(Scorer.Scores scores, int rows) {
        double[][] probabilities = new double[rows][];
        long[] labels = new long[rows];
        for (int r = 0; r < rows; r++) {
            probabilities[r] = scores.width() == 1 ? binary(scores.values()[r]) : row(scores, r);
            labels[r] = scores.width() == 1 ? (scores.values()[r] > 0.5f ? 1 : 0) : argmax(probabilities[r]);
        }
        return Map.of(Predictions.LABEL, labels, Predictions.PROBABILITIES, probabilities);
    }

    /** multi:softmax predicts the class index itself, and no probabilities. */
    private static long[] labels(Scorer.Scores scores, int rows) {
        long[] labels = new long[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = (long) scores.values()[r];
        }
        return labels;
    }

    /** scikit-learn computes {@code 1 - p} in float32. */
    private static double[] binary(float p) {
        return new double[] {1.0f - p, p};
    }

    private static long argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static Object values(Scorer.Scores scores, int rows) {
        if (scores.width() != 1) {
            double[][] out = new double[rows][];
            for (int r = 0; r < rows; r++) {
                out[r] = row(scores, r);
            }
            return out;
        }
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = scores.values()[r];
        }
        return out;
    }

    private static double[] row(Scorer.Scores scores, int r) {
        double[] out = new double[scores.width()];
        for (int i = 0; i < out.length; i++) {
            out[i] = scores.values()[r * scores.width() + i];
        }
        return out;
    }

    @Override
    public void close() {
        scorer.close();
    }

    @Override
    public String toString() {
        return "XgboostPredictor[" + (fast() ? "fast" : "xgboost4j") + ", " + kind + ", " + objective + "]";
    }
}
