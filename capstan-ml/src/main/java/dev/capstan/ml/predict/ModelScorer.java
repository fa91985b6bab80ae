package dev.capstan.ml.predict;

import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.mlmodel.MLmodel;
import dev.capstan.ml.mlmodel.MLmodels;
import dev.capstan.ml.mlmodel.Schema;
import dev.capstan.ml.mlmodel.SignatureEnforcer;

import java.nio.file.Path;

/**
 * A model directory loaded for batch scoring, as MLflow's {@code pyfunc.predict}: the input is checked against the
 * MLmodel's input signature, when it has one, with {@link SignatureEnforcer.Coercion#SERVING}, then predicted. A
 * column-based signature checks and converts the columns (so a missing required column fails with an error naming
 * it); a tensor-based one builds its tensors from the columns ({@link SignatureEnforcer#enforceTensors(ColumnarBatch,
 * SignatureEnforcer.Coercion)}) and the predictor takes those. Without a signature the batch goes to the predictor as
 * it is. Thread-safe; {@link #close} frees the predictor.
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
        return new ModelScorer(Predictors.load(modelDir), inputs == null ? null : new SignatureEnforcer(inputs));
    }

    /** Checks and converts {@code batch} against the signature, then predicts it. */
    public Predictions score(ColumnarBatch batch) {
        if (enforcer == null) {
            return predictor.predict(batch);
        }
        if (enforcer.schema().isTensorBased()) {
            return predictor.predictTensors(enforcer.enforceTensors(batch, SignatureEnforcer.Coercion.SERVING));
        }
        return predictor.predict(enforcer.enforce(batch, SignatureEnforcer.Coercion.SERVING));
    }

    @Override
    public void close() {
        predictor.close();
    }
}
