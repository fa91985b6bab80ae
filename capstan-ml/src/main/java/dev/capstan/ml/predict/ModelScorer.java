package dev.capstan.ml.predict;

import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.Tensor;
import dev.capstan.ml.mlmodel.ColSpec;
import dev.capstan.ml.mlmodel.MLmodel;
import dev.capstan.ml.mlmodel.MLmodels;
import dev.capstan.ml.mlmodel.Schema;
import dev.capstan.ml.mlmodel.SignatureEnforcer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A model directory loaded for batch scoring, as MLflow's {@code pyfunc.predict}: the input is checked against the
 * MLmodel's input signature, when it has one, with {@link SignatureEnforcer.Coercion#SERVING}, then predicted. A
 * column-based signature checks and converts the columns (so a missing required column fails with an error naming
 * it); a tensor-based one builds its tensors from the columns ({@link SignatureEnforcer#enforceTensors(ColumnarBatch,
 * SignatureEnforcer.Coercion)}) and the predictor takes those. Without a signature the batch goes to the predictor as
 * it is.
 *
 * <p>Checking and predicting are also offered apart ({@link #prepare}, {@link #predict(PreparedInput)}) so that a
 * server can check each request on arrival and predict several together ({@link PreparedInput#concat}).
 * Thread-safe; {@link #close} frees the predictor.
 */
public final class ModelScorer implements AutoCloseable {

    private final MLmodel model;
    private final Predictor predictor;
    private final SignatureEnforcer enforcer;
    private final List<ColSpec> inputColumns;

    private ModelScorer(MLmodel model, Predictor predictor, SignatureEnforcer enforcer) {
        this.model = model;
        this.predictor = predictor;
        this.enforcer = enforcer;
        this.inputColumns = enforcer == null ? List.of() : enforcer.schema().columns();
    }

    /** Loads the model in {@code modelDir} (the directory holding {@code MLmodel}). */
    public static ModelScorer open(Path modelDir) {
        MLmodel model = MLmodels.read(modelDir);
        Schema inputs = model.signature() == null ? null : model.signature().inputs();
        return new ModelScorer(model, Predictors.load(modelDir),
                inputs == null ? null : new SignatureEnforcer(inputs));
    }

    /** The model's MLmodel file. */
    public MLmodel model() {
        return model;
    }

    /** The input signature, or {@code null} when the model has none. */
    public Schema inputSchema() {
        return enforcer == null ? null : enforcer.schema();
    }

    /** The signature's input columns, in order; empty without a signature or for a tensor-based one. */
    public List<ColSpec> inputColumns() {
        return inputColumns;
    }

    /** Checks and converts {@code batch} against the signature, then predicts it. */
    public Predictions score(ColumnarBatch batch) {
        return predict(prepare(batch));
    }

    /** Checks and converts columns against the signature (tensors are built from them for a tensor signature). */
    public PreparedInput prepare(ColumnarBatch batch) {
        if (enforcer == null) {
            return new PreparedInput.Columns(batch);
        }
        if (enforcer.schema().isTensorBased()) {
            return PreparedInput.Tensors.of(enforcer.enforceTensors(batch, SignatureEnforcer.Coercion.SERVING));
        }
        return new PreparedInput.Columns(enforcer.enforce(batch, SignatureEnforcer.Coercion.SERVING));
    }

    /** Checks named tensors against a tensor-based signature; without a signature they pass as they are. */
    public PreparedInput prepareTensors(Map<String, Tensor> tensors) {
        return PreparedInput.Tensors.of(enforcer == null ? tensors : enforcer.enforceTensors(tensors));
    }

    /** Predicts an input that {@link #prepare} or {@link #prepareTensors} checked. */
    public Predictions predict(PreparedInput input) {
        if (input instanceof PreparedInput.Tensors t) {
            return predictor.predictTensors(t.tensors());
        }
        return predictor.predict(((PreparedInput.Columns) input).batch());
    }

    @Override
    public void close() {
        predictor.close();
    }
}
