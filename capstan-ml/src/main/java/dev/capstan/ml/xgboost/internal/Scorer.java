package dev.capstan.ml.xgboost.internal;

/**
 * Scores a dense row-major float32 matrix (NaN = missing) with XGBoost's prediction semantics: either the
 * flat-array evaluator or xgboost4j. Implementations are thread-safe.
 */
public interface Scorer extends AutoCloseable {

    /** Predictions for {@code rows} rows, as XGBoost's {@code Booster.predict} returns them. */
    Scores score(float[] features, int rows);

    /** Whether this is the in-process flat-array evaluator rather than xgboost4j. */
    boolean fast();

    @Override
    void close();

    /**
     * Row-major predictions.
     *
     * @param values {@code rows * width} values
     * @param width  values per row: 1, or e.g. the number of classes for multi:softprob
     */
    record Scores(float[] values, int width) {
    }
}
