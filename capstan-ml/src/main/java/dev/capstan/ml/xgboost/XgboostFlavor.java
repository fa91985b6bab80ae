package dev.capstan.ml.xgboost;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;
import dev.capstan.ml.mlmodel.ColSpec;
import dev.capstan.ml.mlmodel.MLmodel;
import dev.capstan.ml.mlmodel.Schema;
import dev.capstan.ml.predict.ModelFlavor;
import dev.capstan.ml.predict.Predictor;
import dev.capstan.ml.xgboost.internal.BaseScores;
import dev.capstan.ml.xgboost.internal.BoosterScorer;
import dev.capstan.ml.xgboost.internal.ModelJson;
import dev.capstan.ml.xgboost.internal.Scorer;
import ml.dmlc.xgboost4j.java.Booster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The MLflow {@code xgboost} flavor: {@code model.json}, {@code model.ubj} or legacy binary {@code model.xgb}, as
 * named by the flavor's {@code data} and {@code model_format} keys.
 *
 * <p>gbtree models with a supported objective (binary:logistic, reg:logistic, reg:squarederror, count:poisson,
 * multi:softprob) are compiled into an in-process flat-array evaluator, because xgboost4j costs tens of
 * microseconds per call however small the batch. Everything else (dart, gblinear, categorical splits, other
 * objectives) is scored by xgboost4j. UBJ and legacy models are read with xgboost4j and re-exported as JSON
 * before compiling. See {@link XgboostPredictor} for the outputs.
 *
 * <p>XGBoost 3.1 and later write {@code base_score} as a list, which the bundled xgboost4j 3.0.4 cannot read
 * ({@link BaseScores}): the fast path takes it from the file as written, and xgboost4j gets its one value, or
 * refuses a model with one intercept per class.
 *
 * <p>A column that the signature marks optional ({@code required: false}) may be left out of a batch: both paths
 * then see it as missing in every row (NaN, XGBoost's "missing"), so each tree takes its default direction. (MLflow
 * 2.17's pyfunc drops such a column and XGBoost then refuses the frame for its feature count; filling it is what
 * marking it optional asks for.) A required column, or any column of a model without a signature, must be present.
 */
public final class XgboostFlavor implements ModelFlavor {

    public static final String NAME = "xgboost";

    private static final String BOOSTER_CLASS = "xgboost.core.Booster";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Predictor load(Path modelDir, MLmodel model) {
        Map<String, Object> flavor = model.flavor(NAME);
        if (flavor == null) {
            throw CapstanException.invalid("The model in %s has no '%s' flavor, found %s", modelDir, NAME,
                    model.flavors().keySet());
        }
        Path file = modelFile(modelDir, flavor);
        String modelClass = String.valueOf(flavor.getOrDefault("model_class", BOOSTER_CLASS));
        return load(file, format(flavor, file), kind(modelClass), model);
    }

    /**
     * A predictor for a model file that Capstan trained (UBJSON), inside a package of another flavor: a classifier
     * or a regressor as the scikit-learn wrappers predict, up to its best iteration.
     */
    public static XgboostPredictor predictor(Path file, boolean classifier, MLmodel model) {
        return load(file, "ubj", classifier ? XgboostPredictor.Kind.CLASSIFIER : XgboostPredictor.Kind.REGRESSOR,
                model);
    }

    /** The scikit-learn wrappers predict up to best_iteration; Booster.predict uses every tree. */
    private static XgboostPredictor load(Path file, String format, XgboostPredictor.Kind kind, MLmodel model) {
        boolean useBestIteration = kind != XgboostPredictor.Kind.BOOSTER;
        byte[] bytes = readBytes(file);
        Booster booster = format.equals("json") ? null : BoosterScorer.load(file);
        byte[] json = booster == null ? bytes : BoosterScorer.toJson(booster, file);
        String listed = booster == null ? null : BaseScores.listInUbj(bytes);
        if (listed != null) {
            booster.dispose();  // it read the list as 0.5
            booster = null;
            json = BaseScores.replace(json, listed, file.toString());
        }
        JsonNode root = ModelJson.read(json, file.toString());
        ModelJson.Header header = ModelJson.header(root, file.toString());
        ModelJson.Compilation compiled = ModelJson.compile(root, useBestIteration, file.toString());
        Scorer scorer;
        if (compiled.ensemble() != null) {
            if (booster != null) {
                booster.dispose();
            }
            scorer = compiled.ensemble();
        } else {
            if (booster == null) {
                String baseScore = root.path("learner").path("learner_model_param").path("base_score").asText();
                booster = BaseScores.isList(baseScore) ? BoosterScorer.load(BaseScores.forXgboost4j(json, baseScore,
                        file.toString(), compiled.unsupported()), file) : BoosterScorer.load(file);
            }
            scorer = new BoosterScorer(booster, header, treeLimit(root, header, useBestIteration));
        }
        return new XgboostPredictor(scorer, kind, header.objective(), featureNames(header, model),
                header.numFeatures(), optionalColumns(model));
    }

    private static Path modelFile(Path modelDir, Map<String, Object> flavor) {
        Object data = flavor.get("data");
        if (data == null) {
            throw CapstanException.invalid("MLmodel in %s: the xgboost flavor has no 'data' key naming the model file",
                    modelDir);
        }
        Path file = modelDir.resolve(data.toString());
        if (!Files.isRegularFile(file)) {
            throw CapstanException.invalid("XGBoost model file %s does not exist (flavor xgboost, data: %s)", file,
                    data);
        }
        return file;
    }

    /** {@code model_format}, or the file's extension for MLflow versions that do not write it. */
    private static String format(Map<String, Object> flavor, Path file) {
        Object format = flavor.get("model_format");
        String name = file.getFileName().toString();
        String value = format != null ? format.toString() : name.substring(name.lastIndexOf('.') + 1);
        if (!List.of("json", "ubj", "xgb").contains(value)) {
            throw CapstanException.invalid("%s: model_format must be json, ubj or xgb, found '%s'", file, value);
        }
        return value;
    }

    private static XgboostPredictor.Kind kind(String modelClass) {
        String simple = modelClass.substring(modelClass.lastIndexOf('.') + 1);
        return switch (simple) {
            case "XGBClassifier", "XGBRFClassifier" -> XgboostPredictor.Kind.CLASSIFIER;
            case "XGBRegressor", "XGBRFRegressor" -> XgboostPredictor.Kind.REGRESSOR;
            case "Booster" -> XgboostPredictor.Kind.BOOSTER;
            default -> throw CapstanException.invalid("XGBoost model_class must be XGBClassifier, XGBRegressor, "
                    + "XGBRFClassifier, XGBRFRegressor or Booster, found '%s'", modelClass);
        };
    }

    /** xgboost4j's tree limit for best_iteration: rounds times num_parallel_tree; 0 (all) when not limited. */
    private static int treeLimit(JsonNode json, ModelJson.Header header, boolean useBestIteration) {
        if (!useBestIteration || header.bestIteration() < 0) {
            return 0;
        }
        JsonNode booster = json.path("learner").path("gradient_booster");
        JsonNode trees = booster.has("gbtree") ? booster.path("gbtree").path("model") : booster.path("model");
        int parallel = Math.max(1, trees.path("gbtree_model_param").path("num_parallel_tree").asInt(1));
        return (header.bestIteration() + 1) * parallel;
    }

    /** The model's feature names, else the signature's column names, else none (columns by position). */
    private static List<String> featureNames(ModelJson.Header header, MLmodel model) {
        if (!header.featureNames().isEmpty()) {
            return header.featureNames();
        }
        if (model.signature() != null && model.signature().inputs() != null
                && model.signature().inputs().hasNames() && !model.signature().inputs().isTensorBased()) {
            List<String> names = model.signature().inputs().columns().stream().map(ColSpec::name).toList();
            return names.size() == header.numFeatures() ? names : List.of();
        }
        return List.of();
    }

    /** The signature's optional ({@code required: false}) columns: absent from a batch, they are missing values. */
    private static Set<String> optionalColumns(MLmodel model) {
        Schema inputs = model.signature() == null ? null : model.signature().inputs();
        if (inputs == null || inputs.isTensorBased() || !inputs.hasNames()) {
            return Set.of();
        }
        return inputs.columns().stream().filter(c -> !c.required()).map(ColSpec::name).collect(Collectors.toSet());
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw CapstanException.invalid("Cannot read XGBoost model file %s: %s", file, e.getMessage());
        }
    }
}
