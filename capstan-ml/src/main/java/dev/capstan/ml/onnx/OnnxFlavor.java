package dev.capstan.ml.onnx;

import dev.capstan.CapstanException;
import dev.capstan.ml.mlmodel.MLmodel;
import dev.capstan.ml.onnx.internal.OnnxPredictor;
import dev.capstan.ml.predict.ModelFlavor;
import dev.capstan.ml.predict.Predictor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * MLflow's {@code onnx} flavor: runs the flavor's {@code data} file ({@code model.onnx} by default) with ONNX
 * Runtime on the CPU, so a model logged with {@code mlflow.onnx} is served as is.
 *
 * <p>The session is created from the file's path, so weights stored as ONNX external data next to it load too.
 * The flavor's {@code onnx_session_options} are honoured; without them a session runs each request on the calling
 * thread (see {@link dev.capstan.ml.onnx.internal.SessionSettings} for why). {@code providers} is ignored: the
 * bundled ONNX Runtime has only the CPU provider, which MLflow falls back to as well. How a
 * {@link dev.capstan.ml.ColumnarBatch} becomes the model's input tensors is described in
 * {@link dev.capstan.ml.onnx.internal.InputEncoder}; outputs come back under their ONNX names as Java arrays of the
 * output's element type ({@code float[][]} for a {@code [-1, 3]} float32 output).
 */
public final class OnnxFlavor implements ModelFlavor {

    /** The flavor's key under {@code flavors:}. */
    public static final String NAME = "onnx";

    private static final String DEFAULT_DATA = "model.onnx";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Predictor load(Path modelDir, MLmodel model) {
        Map<String, Object> config = model.flavor(NAME);
        if (config == null) {
            throw CapstanException.invalid("The model in %s has no '%s' flavor; it declares %s",
                    modelDir, NAME, model.flavors().keySet());
        }
        return OnnxPredictor.open(modelFile(modelDir, config), config.get("onnx_session_options"), model.signature());
    }

    private static Path modelFile(Path modelDir, Map<String, Object> config) {
        Object data = config.getOrDefault("data", DEFAULT_DATA);
        Path dir = modelDir.toAbsolutePath().normalize();
        Path file = dir.resolve(String.valueOf(data == null ? DEFAULT_DATA : data)).normalize();
        if (!file.startsWith(dir)) {
            throw CapstanException.invalid("The onnx flavor's data '%s' must lie inside the model directory %s",
                    data, modelDir);
        }
        if (!Files.isRegularFile(file)) {
            throw CapstanException.invalid("ONNX model file %s does not exist (onnx flavor data: '%s')", file, data);
        }
        return file;
    }
}
