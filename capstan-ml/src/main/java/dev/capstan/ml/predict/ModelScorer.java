package dev.capstan.ml.predict;

import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.mlmodel.MLmodel;
import dev.capstan.ml.mlmodel.MLmodels;
import dev.capstan.ml.mlmodel.Schema;
import dev.capstan.ml.mlmodel.SignatureEnforcer;

import java.nio.file.Path;

/**
 * A model directory loaded for batch scoring, as MLflow's {@code pyfunc.predict}: the input is checked against the
 * MLmodel's column-based input signature, when it has one, with {@link SignatureEnforcer.Coercion#SERVING} (so a
 * missing required column fails with an error naming it), then predicted. Tensor-based signatures are left to the
 * flavor. Thread-safe; {@link #close} frees the predictor.
 */
public final class ModelScorer implements AutoCloseable {

    private final Predictor predictor;
    private final SignatureEnforcer enforcer;

    private ModelScorer(Predictor predictor, SignatureEnforcer enforcer) {
        this.predictor = predictor;
        this.enforcer = enforcer;
    }

    /** Loads the model in {@code modelDir} (the directory holding {@code MLmodel}). */
    public static ModelScorer open(Path modelDir) {
        MLmodel model = MLmodels.read(modelDir);
        Schema inputs = model.signature() == null ? null : model.signature().inputs();
        SignatureEnforcer enforcer = inputs == null || inputs.isTensorBased() ? null : new SignatureEnforcer(inputs);
        return new ModelScorer(Predictors.load(modelDir), enforcer);
    }

    /** Checks and converts {@code batch} against the signature, then predicts it. */
    public Predictions score(ColumnarBatch batch) {
        ColumnarBatch input = enforcer == null ? batch : enforcer.enforce(batch, SignatureEnforcer.Coercion.SERVING);
        return predictor.predict(input);
    }

    @Override
    public void close() {
        predictor.close();
    }
}
