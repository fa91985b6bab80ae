package dev.capstan.ml.predict;

import dev.capstan.ml.ColumnarBatch;

/**
 * A loaded model that predicts a whole columnar batch in one call. Implementations are thread-safe, so one
 * instance serves concurrent requests; {@link #close} frees native resources.
 */
public interface Predictor extends AutoCloseable {

    /** Predicts every row of {@code batch}; the batch's columns are those of the model's signature. */
    Predictions predict(ColumnarBatch batch);

    @Override
    void close();
}
