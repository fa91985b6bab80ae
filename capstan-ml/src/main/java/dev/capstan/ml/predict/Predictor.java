package dev.capstan.ml.predict;

import dev.capstan.CapstanException;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.Tensor;

import java.util.Map;

/**
 * A loaded model that predicts a whole columnar batch in one call. Implementations are thread-safe, so one
 * instance serves concurrent requests; {@link #close} frees native resources.
 */
public interface Predictor extends AutoCloseable {

    /** Predicts every row of {@code batch}; the batch's columns are those of the model's signature. */
    Predictions predict(ColumnarBatch batch);

    /**
     * Predicts from input tensors, as a model with a tensor-based signature takes them (see
     * {@link dev.capstan.ml.mlmodel.SignatureEnforcer#enforceTensors(ColumnarBatch,
     * dev.capstan.ml.mlmodel.SignatureEnforcer.Coercion)}): by input name, or the only tensor for a model with
     * one input. Each tensor's first dimension is the batch. Flavors that take only columns refuse tensors.
     */
    default Predictions predictTensors(Map<String, Tensor> tensors) {
        throw CapstanException.invalid("%s takes columns, not tensors; found tensors %s", this, tensors.keySet());
    }

    @Override
    void close();
}
