package dev.capstan.ml.predict;

import dev.capstan.CapstanException;
import dev.capstan.ml.mlmodel.MLmodel;
import dev.capstan.ml.mlmodel.MLmodels;

import java.nio.file.Path;
import java.util.ServiceLoader;

/** Loads an MLmodel directory with the first installed flavor that the model declares. */
public final class Predictors {

    private Predictors() {
    }

    public static Predictor load(Path modelDir) {
        MLmodel model = MLmodels.read(modelDir);
        for (ModelFlavor flavor : ServiceLoader.load(ModelFlavor.class)) {
            if (model.flavors().containsKey(flavor.name())) {
                return flavor.load(modelDir, model);
            }
        }
        throw CapstanException.invalid("No installed flavor can load the model in %s: it declares %s, Capstan supports "
                + "%s", modelDir, model.flavors().keySet(), ServiceLoader.load(ModelFlavor.class).stream()
                .map(p -> p.get().name()).toList());
    }
}
