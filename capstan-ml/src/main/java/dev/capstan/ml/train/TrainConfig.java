package dev.capstan.ml.train;

import dev.capstan.ml.train.internal.TrainConfigReader;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code capstan train --config train.yaml} trains: the data, how it is split, the preprocessing, the model and
 * where the package goes.
 * <pre>
 * data:
 *   path: data/churn.csv        # CSV or Parquet, relative to the config file
 *   target: churn
 *   exclude: [customer_id]      # columns that are not features
 *   split_column: split         # optional: rows marked train / validation / test instead of a seeded split
 * split: {validation: 0.15, test: 0.15, seed: 42, stratify: true, folds: 5}   # folds: k-fold estimate too
 * preprocessing:
 *   - impute: {columns: [age], strategy: median}
 *   - one_hot: {columns: [category]}
 * model:
 *   type: xgboost_classifier
 *   params: {max_depth: 6, eta: 0.1}
 *   rounds: 200
 *   early_stopping: 20
 * search:                       # optional: the best of several trainings, by a validation metric
 *   method: random              # grid (every combination of the lists) | random (trials draws)
 *   trials: 20
 *   metric: roc_auc             # an evaluation metric; losses and errors are minimised, the rest maximised
 *   space:
 *     max_depth: [3, 4, 6]      # choices
 *     eta: {min: 0.01, max: 0.3, log: true}   # a range (random only); integer: true rounds it
 * output: model                 # the MLmodel package's directory
 * </pre>
 *
 * @param file          the config file, for messages and relative paths
 * @param data          the table file
 * @param target        the target column
 * @param exclude       columns left out of the features
 * @param splitColumn   a column naming each row's part, or null for a seeded split
 * @param split         the seeded split's settings
 * @param preprocessing the preprocessing steps as written (each a one-key mapping)
 * @param model         the model and its training
 * @param search        the hyper-parameter search, or null to train once
 * @param output        the directory the model package is written to
 */
public record TrainConfig(Path file, Path data, String target, List<String> exclude, String splitColumn,
                          SplitSettings split, List<Map<String, Object>> preprocessing, ModelSettings model,
                          SearchSettings search, Path output) {

    public TrainConfig {
        exclude = List.copyOf(exclude);
        preprocessing = List.copyOf(preprocessing);
    }

    /** Reads a config, refusing unknown keys and bad values with the file and line. */
    public static TrainConfig read(Path file) {
        return TrainConfigReader.read(file);
    }

    /**
     * @param method {@code grid} or {@code random}
     * @param trials the random search's number of trials
     * @param metric the validation metric that picks the best trial
     * @param space  each XGBoost parameter's choices (a list) or range ({@code min}, {@code max}, {@code log},
     *               {@code integer})
     */
    public record SearchSettings(String method, int trials, String metric, Map<String, Object> space) {

        public SearchSettings {
            space = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(space));
        }
    }

    /**
     * @param validation the share of rows for validation (early stopping)
     * @param test       the share held out for the final evaluation
     * @param seed       the seed of the split and of XGBoost
     * @param stratify   split each class in the same proportions (classifiers only)
     * @param folds      k for a k-fold cross-validation estimate beside the trained model; 0 for none
     */
    public record SplitSettings(double validation, double test, long seed, boolean stratify, int folds) {
    }

    /**
     * @param type          the model
     * @param params        XGBoost parameters over the model's own
     * @param rounds        boosting rounds (1 for a random forest)
     * @param earlyStopping rounds without improvement on validation after which to stop; 0 for none
     */
    /** The same config with {@code overrides} over the model's params (command-line parameters). */
    public TrainConfig withModelParams(Map<String, Object> overrides) {
        return new TrainConfig(file, data, target, exclude, splitColumn, split, preprocessing,
                model.withParams(overrides), search, output);
    }

    public record ModelSettings(ModelType type, Map<String, Object> params, int rounds, int earlyStopping) {

        public ModelSettings {
            params = Map.copyOf(params);
        }

        /** The same settings with {@code overrides} over the params. */
        public ModelSettings withParams(Map<String, Object> overrides) {
            Map<String, Object> merged = new java.util.LinkedHashMap<>(params);
            merged.putAll(overrides);
            return new ModelSettings(type, merged, rounds, earlyStopping);
        }
    }
}
