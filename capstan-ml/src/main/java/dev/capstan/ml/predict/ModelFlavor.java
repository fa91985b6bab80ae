package dev.capstan.ml.predict;

import dev.capstan.ml.mlmodel.MLmodel;

import java.nio.file.Path;

/**
 * The service-provider interface of model flavors: one implementation per MLflow flavor ({@code xgboost},
 * {@code onnx}, later Capstan's own pipeline flavor), registered in
 * {@code META-INF/services/dev.capstan.ml.predict.ModelFlavor}.
 */
public interface ModelFlavor {

    /** The flavor's key under {@code flavors:} in the MLmodel file. */
    String name();

    /** Loads the model of {@code modelDir}, whose MLmodel has this flavor; bad files fail with a CapstanException. */
    Predictor load(Path modelDir, MLmodel model);
}
