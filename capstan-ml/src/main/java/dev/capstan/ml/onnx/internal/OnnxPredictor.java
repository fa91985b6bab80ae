package dev.capstan.ml.onnx.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.Tensor;
import dev.capstan.ml.mlmodel.ModelSignature;
import dev.capstan.ml.mlmodel.Schema;
import dev.capstan.ml.mlmodel.TensorSpec;
import dev.capstan.ml.predict.Predictions;
import dev.capstan.ml.predict.Predictor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A predictor over one ONNX Runtime session. Thread-safe: {@link OrtSession#run} may be called concurrently, and
 * each call builds and closes its own tensors. Close it after the last prediction.
 */
public final class OnnxPredictor implements Predictor {

    private final Path file;
    private final OrtSession session;
    private final OrtSession.SessionOptions options;
    private final InputEncoder encoder;

    private OnnxPredictor(Path file, OrtSession session, OrtSession.SessionOptions options, InputEncoder encoder) {
        this.file = file;
        this.session = session;
        this.options = options;
        this.encoder = encoder;
    }

    /** Opens {@code file} with the flavor's {@code onnx_session_options}; {@code signature} may be {@code null}. */
    public static OnnxPredictor open(Path file, Object sessionOptions, ModelSignature signature) {
        OrtEnvironment env = Environment.get();
        OrtSession.SessionOptions options = SessionSettings.create(sessionOptions);
        OrtSession session = null;
        try {
            session = env.createSession(file.toString(), options);
            List<OnnxInput> inputs = inputs(session, signature);
            return new OnnxPredictor(file, session, options, new InputEncoder(env, inputs));
        } catch (OrtException e) {
            release(session, options);
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Cannot load ONNX model " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            release(session, options);
            throw e;
        }
    }

    @Override
    public Predictions predict(ColumnarBatch batch) {
        return run(encoder.encode(batch), batch.rowCount());
    }

    /** Runs the session on {@code tensors}, which it closes. */
    private Predictions run(Map<String, OnnxTensor> tensors, int rows) {
        try (OrtSession.Result result = session.run(tensors)) {
            return new Predictions(rows, OutputDecoder.decode(result));
        } catch (OrtException e) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "ONNX model " + file.getFileName() + " failed on the batch: " + e.getMessage(), e);
        } finally {
            OnnxValue.close(tensors);
        }
    }

    /** The tensors of a tensor-based signature; rows are counted along the first input's first dimension. */
    @Override
    public Predictions predictTensors(Map<String, Tensor> tensors) {
        Map<String, OnnxTensor> inputs = encoder.encodeTensors(tensors);
        long[] shape = inputs.values().iterator().next().getInfo().getShape();
        return run(inputs, Math.toIntExact(shape[0]));
    }

    @Override
    public void close() {
        release(session, options);
    }

    private static List<OnnxInput> inputs(OrtSession session, ModelSignature signature) throws OrtException {
        Map<String, NodeInfo> nodes = session.getInputInfo();
        return nodes.values().stream().map(node -> OnnxInput.of(node, spec(signature, node.getName(), nodes.size())))
                .toList();
    }

    /** The signature's tensor for an input: the one of its name, or the single unnamed tensor of a 1-input model. */
    private static TensorSpec spec(ModelSignature signature, String name, int inputCount) {
        Schema schema = signature == null ? null : signature.inputs();
        if (schema == null || !schema.isTensorBased()) {
            return null;
        }
        List<TensorSpec> tensors = schema.tensors();
        if (!schema.hasNames()) {
            return inputCount == 1 ? tensors.get(0) : null;
        }
        return tensors.stream().filter(t -> name.equals(t.name())).findFirst().orElse(null);
    }

    private static void release(OrtSession session, OrtSession.SessionOptions options) {
        try {
            if (session != null) {
                session.close();
            }
        } catch (OrtException e) {
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, "Cannot close ONNX session: " + e.getMessage(), e);
        } finally {
            options.close();
        }
    }
}
