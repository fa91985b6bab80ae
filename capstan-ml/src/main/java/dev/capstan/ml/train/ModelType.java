package dev.capstan.ml.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The models {@code capstan train} fits, all with XGBoost: gradient-boosted trees, a random forest (XGBoost's forest
 * mode: one round of many parallel trees on row and column samples) and linear models ({@code gblinear}). Each
 * brings XGBoost parameters of its own, which the config's {@code params} override.
 */
public enum ModelType {
    XGBOOST_CLASSIFIER(true, Map.of("booster", "gbtree", "tree_method", "hist")),
    XGBOOST_REGRESSOR(false, Map.of("booster", "gbtree", "tree_method", "hist")),
    RANDOM_FOREST_CLASSIFIER(true, Map.of("booster", "gbtree", "tree_method", "hist", "learning_rate", 1,
            "num_parallel_tree", 100, "subsample", 0.8, "colsample_bynode", 0.8)),
    RANDOM_FOREST_REGRESSOR(false, Map.of("booster", "gbtree", "tree_method", "hist", "learning_rate", 1,
            "num_parallel_tree", 100, "subsample", 0.8, "colsample_bynode", 0.8)),
    LOGISTIC_REGRESSION(true, Map.of("booster", "gblinear")),
    LINEAR_REGRESSION(false, Map.of("booster", "gblinear"));

    private final boolean classifier;
    private final Map<String, Object> defaults;

    ModelType(boolean classifier, Map<String, Object> defaults) {
        this.classifier = classifier;
        this.defaults = defaults;
    }

    /** The name as written in a config: {@code xgboost_classifier}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ModelType> named(String word) {
        return Arrays.stream(values()).filter(t -> t.word().equals(word)).findFirst();
    }

    public boolean classifier() {
        return classifier;
    }

    /** A random forest trains in one round of parallel trees. */
    public boolean forest() {
        return this == RANDOM_FOREST_CLASSIFIER || this == RANDOM_FOREST_REGRESSOR;
    }

    /**
     * XGBoost's parameters for this model and {@code classes} classes (0 for a regressor), with the config's
     * {@code params} over them: the objective and evaluation metric follow from the task.
     */
    public Map<String, Object> params(int classes, Map<String, Object> overrides, long seed) {
        Map<String, Object> params = new LinkedHashMap<>(defaults);
        if (!classifier) {
            params.put("objective", "reg:squarederror");
            params.put("eval_metric", List.of("rmse"));
        } else if (classes == 2) {
            params.put("objective", "binary:logistic");
            params.put("eval_metric", List.of("logloss"));
        } else {
            params.put("objective", "multi:softprob");
            params.put("num_class", classes);
            params.put("eval_metric", List.of("mlogloss"));
        }
        params.put("seed", seed);
        params.putAll(overrides);
        return params;
    }
}
