package dev.capstan.ml.pipeline;

import dev.capstan.CapstanException;
import dev.capstan.ml.mlmodel.MLmodel;
import dev.capstan.ml.predict.ModelFlavor;
import dev.capstan.ml.predict.Predictor;
import dev.capstan.ml.preprocess.Preprocessor;
import dev.capstan.ml.xgboost.XgboostFlavor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Capstan's {@code capstan_pipeline} flavor: the preprocessing fitted at training ({@code preprocessing.json}) and
 * the XGBoost model trained on its output ({@code model.ubj}), so that serving transforms rows exactly as training
 * did. The flavor's keys: {@code preprocessing}, {@code model}, {@code task} ({@code classification} or
 * {@code regression}), {@code classes} (the class labels by index) and {@code format_version}. The XGBoost model
 * is scored by the same flat-array fast path as the {@code xgboost} flavor.
 */
public final class PipelineFlavor implements ModelFlavor {

    public static final String NAME = "capstan_pipeline";
    /** The version of the flavor's layout that this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Predictor load(Path modelDir, MLmodel model) {
        Map<String, Object> flavor = model.flavor(NAME);
        if (flavor == null) {
            throw CapstanException.invalid("The model in %s has no '%s' flavor", modelDir, NAME);
        }
        Object version = flavor.get("format_version");
        if (!Integer.valueOf(FORMAT_VERSION).equals(version)) {
            throw CapstanException.invalid("%s: %s format_version %s is not supported; this Capstan reads %d",
                    modelDir, NAME, version, FORMAT_VERSION);
        }
        Preprocessor preprocessor = Preprocessor.fromJson(read(file(modelDir, flavor, "preprocessing")));
        boolean classifier = "classification".equals(flavor.get("task"));
        List<?> classes = flavor.get("classes") instanceof List<?> list ? list : List.of();
        return new PipelinePredictor(preprocessor,
                XgboostFlavor.predictor(file(modelDir, flavor, "model"), classifier, model), classes);
    }

    private static Path file(Path modelDir, Map<String, Object> flavor, String key) {
        Object name = flavor.get(key);
        Path file = name == null ? null : modelDir.resolve(name.toString());
        if (file == null || !Files.isRegularFile(file)) {
            throw CapstanException.invalid("%s: the %s flavor's '%s' file %s does not exist", modelDir, NAME, key,
                    name);
        }
        return file;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CapstanException.invalid("Cannot read %s: %s", file, e.getMessage());
        }
    }
}
