package dev.capstan.ml.train;

import dev.capstan.ml.monitor.ReferenceProfiles;
import dev.capstan.monitor.ReferenceProfile;

import dev.capstan.CapstanException;
import dev.capstan.ml.evaluate.ClassificationMetrics;
import dev.capstan.ml.evaluate.Evaluation;
import dev.capstan.ml.evaluate.RegressionMetrics;
import dev.capstan.ml.mlmodel.ColSpec;
import dev.capstan.ml.mlmodel.DataType;
import dev.capstan.ml.pipeline.PipelinePackage;
import dev.capstan.ml.pipeline.PipelinePredictor;
import dev.capstan.ml.predict.Predictions;
import dev.capstan.ml.predict.Predictors;
import dev.capstan.ml.preprocess.Frame;
import dev.capstan.ml.preprocess.PreprocessSpec;
import dev.capstan.ml.preprocess.Preprocessor;
import dev.capstan.ml.train.internal.Tables;
import dev.capstan.ml.train.internal.Targets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code capstan train}: reads the table, splits it, fits the preprocessing on the training rows, trains the
 * XGBoost model, writes the {@code capstan_pipeline} package, and evaluates the package as served on the
 * validation and test rows. Everything that can be wrong with the inputs is checked before training starts.
 */
public final class Training {

    private Training() {
    }

    /**
     * What a training produced.
     *
     * @param model      the package's directory
     * @param type       the model type
     * @param classes    the class labels by index; empty for a regressor
     * @param params     the XGBoost parameters trained with
     * @param booster    the boosting rounds and their metric history
     * @param rows       the rows of train, validation and test
     * @param validation the validation rows' evaluation, or null without any
     * @param test       the test rows' evaluation, or null without any
     */
    public record Outcome(Path model, ModelType type, List<Object> classes, Map<String, Object> params,
                          BoosterTraining.Result booster, Map<String, Integer> rows, Scores validation, Scores test) {
    }

    /** A split's metrics, with the classifier's full evaluation (curves, confusion matrix) when there is one. */
    public record Scores(Map<String, Double> metrics, Evaluation evaluation) {
    }

    /** Trains the config's model once. */
    public static Outcome run(TrainConfig config) {
        return fit(prepare(config), config.model().params(), config.output());
    }

    /**
     * The data a config trains on, read, split and preprocessed once, so that several trainings (a search's
     * trials) share it.
     */
    public record Prepared(TrainConfig config, Targets.Target target, Frame features, Splits.Split split,
                           Frame train, Preprocessor preprocessor, LabeledMatrix trainMatrix,
                           LabeledMatrix validationMatrix) {
    }

    /** Reads the table, checks it, splits it and fits the preprocessing on the training rows. */
    public static Prepared prepare(TrainConfig config) {
        Source source = source(config);
        try {
            return prepare(config, source.target(), source.features(), split(config, source.table(),
                    source.target()));
        } catch (CapstanException e) {
            if (e.getMessage().contains("expected a number, found text")) {   // a text column left as it is
                throw CapstanException.invalid("%s; a text column needs a one_hot step in 'preprocessing', or to "
                        + "be left out with data.exclude", e.getMessage());
            }
            throw e;
        }
    }

    /** The table with its target and features, before any split. */
    record Source(Tables.Columns table, Targets.Target target, Frame features) {
    }

    static Source source(TrainConfig config) {
        Tables.Columns table = Tables.read(config.data());
        Targets.Target target = config.model().type().classifier()
                ? Targets.classes(config.target(), table.column(config.target(), "target"))
                : Targets.values(config.target(), table.column(config.target(), "target"));
        return new Source(table, target, features(table, config));
    }

    /** Fits the preprocessing on a split's training rows and prepares its matrices. */
    static Prepared prepare(TrainConfig config, Targets.Target target, Frame features, Splits.Split split) {
        Frame train = rows(features, split.train());
        Preprocessor preprocessor = Preprocessor.fit(PreprocessSpec.parse(config.preprocessing()), train,
                pick(target.values(), split.train()));
        return new Prepared(config, target, features, split, train, preprocessor,
                matrix(preprocessor, train, target, split.train()), split.validation().length == 0 ? null
                        : matrix(preprocessor, rows(features, split.validation()), target, split.validation()));
    }

    /** Trains with {@code overrides} as the model's XGBoost parameters, writes the package to {@code output}. */
    public static Outcome fit(Prepared data, Map<String, Object> overrides, Path output) {
        TrainConfig config = data.config();
        ModelType type = config.model().type();
        Targets.Target target = data.target();
        Map<String, Object> params = type.params(target.classes().size(), overrides, config.split().seed());
        BoosterTraining.Result booster = BoosterTraining.train(data.trainMatrix(), data.validationMatrix(), params,
                type.forest() ? 1 : config.model().rounds(), config.model().earlyStopping());
        PipelinePackage.write(output, data.preprocessor(), booster.model(), target.classes(), data.train(),
                targetSpec(config.target(), target));
        Splits.Split split = data.split();
        Outcome outcome;
        try (PipelinePredictor served = (PipelinePredictor) Predictors.load(output)) {
            outcome = new Outcome(output, type, target.classes(), params, booster, Map.of("train",
                    split.train().length, "validation", split.validation().length, "test", split.test().length),
                    score(served, data.features(), target, split.validation()),
                    score(served, data.features(), target, split.test()));
        }
        writeReference(data.train(), outcome);
        return outcome;
    }

    /** The package's reference profile: its training rows, and its test scores (else validation) as baseline. */
    private static void writeReference(Frame train, Outcome outcome) {
        Scores baseline = outcome.test() != null ? outcome.test() : outcome.validation();
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int c = 0; c < train.names().size(); c++) {
            columns.put(train.names().get(c), train.columns().get(c));
        }
        ReferenceProfiles.write(outcome.model(), columns, train.rows(),
                baseline == null ? Map.of() : baseline.metrics(), ReferenceProfile.DEFAULT_SAMPLE);
    }

    /** Every column but the target, the excluded ones and the split column, in table order. */
    private static Frame features(Tables.Columns table, TrainConfig config) {
        Set<String> left = new HashSet<>(config.exclude());
        left.add(config.target());
        if (config.splitColumn() != null) {
            left.add(config.splitColumn());
        }
        for (String name : left) {
            table.column(name, name.equals(config.target()) ? "target" : "excluded or split");
        }
        List<String> names = new ArrayList<>();
        List<Object> columns = new ArrayList<>();
        for (int c = 0; c < table.names().size(); c++) {
            if (!left.contains(table.names().get(c))) {
                names.add(table.names().get(c));
                columns.add(table.columns().get(c));
            }
        }
        if (names.isEmpty()) {
            throw CapstanException.invalid("%s: no feature columns are left once the target and exclusions are "
                    + "taken out", config.data());
        }
        return new Frame(names, columns, table.rows());
    }

    private static Splits.Split split(TrainConfig config, Tables.Columns table, Targets.Target target) {
        Splits.Split split = config.splitColumn() != null
                ? SplitColumn.split(config.splitColumn(),
                        Tables.boxed(table.column(config.splitColumn(), "split")))
                : Splits.fractions(table.rows(), strata(config, target), config.split().validation(),
                        config.split().test(), config.split().seed());
        if (split.train().length == 0) {
            throw CapstanException.invalid("%s: the training split is empty", config.data());
        }
        return split;
    }

    static int[] strata(TrainConfig config, Targets.Target target) {
        if (!config.model().type().classifier() || !config.split().stratify()) {
            return null;
        }
        int[] classes = new int[target.values().length];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = (int) target.values()[i];
        }
        return classes;
    }

    private static LabeledMatrix matrix(Preprocessor preprocessor, Frame frame, Targets.Target target, int[] rows) {
        double[] values = pick(target.values(), rows);
        float[] labels = new float[values.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (float) values[i];
        }
        return new LabeledMatrix(preprocessor.transform(frame), labels, preprocessor.featureNames());
    }

    /** The package as served, on some rows: classifier or regressor metrics; null for no rows. */
    private static Scores score(PipelinePredictor served, Frame features, Targets.Target target, int[] rows) {
        if (rows.length == 0) {
            return null;
        }
        Predictions predictions = served.predict(rows(features, rows));
        double[] actual = pick(target.values(), rows);
        if (target.classes().isEmpty()) {
            return new Scores(RegressionMetrics.evaluate(actual, (double[]) predictions.output(Predictions.PREDICTION)),
                    null);
        }
        int[] classes = new int[actual.length];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = (int) actual[i];
        }
        Evaluation evaluation = ClassificationMetrics.evaluate(target.classes().stream().map(String::valueOf).toList(),
                classes, (double[][]) predictions.output(Predictions.PROBABILITIES));
        return new Scores(evaluation.metrics(), evaluation);
    }

    private static ColSpec targetSpec(String name, Targets.Target target) {
        if (target.classes().isEmpty()) {
            return ColSpec.of(name, DataType.DOUBLE);
        }
        return ColSpec.of(name, target.classes().stream().allMatch(c -> c instanceof Long) ? DataType.LONG
                : target.classes().stream().allMatch(c -> c instanceof Number) ? DataType.DOUBLE : DataType.STRING);
    }

    /** The frame's rows at {@code rows}, each column keeping its kind of array. */
    static Frame rows(Frame frame, int[] rows) {
        List<Object> columns = new ArrayList<>();
        for (Object column : frame.columns()) {
            columns.add(column instanceof double[] numbers ? pick(numbers, rows) : pick((Object[]) column, rows));
        }
        return new Frame(frame.names(), columns, rows.length);
    }

    private static Object[] pick(Object[] values, int[] rows) {
        Object[] picked = new Object[rows.length];
        for (int i = 0; i < rows.length; i++) {
            picked[i] = values[rows[i]];
        }
        return picked;
    }

    private static double[] pick(double[] values, int[] rows) {
        double[] picked = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            picked[i] = values[rows[i]];
        }
        return picked;
    }
}
