package dev.capstan.ml.train;

import dev.capstan.Json;
import dev.capstan.data.internal.Md5;
import dev.capstan.ml.evaluate.Charts;
import dev.capstan.ml.evaluate.Evaluation;
import dev.capstan.store.artifact.ArtifactStore;
import dev.capstan.store.artifact.RunArtifacts;
import dev.capstan.tracking.Dataset;
import dev.capstan.tracking.DatasetInput;
import dev.capstan.tracking.GitSource;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.NewRun;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.RunInfo;
import dev.capstan.tracking.RunStatus;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.TrackingStore;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Records a training as a run, as MLflow's autologging would: the parameters (the model's XGBoost parameters
 * included), every round's evaluation metrics as metric history, the validation and test metrics ({@code
 * validation_roc_auc}, {@code test_roc_auc}), the data version (the training file as a dataset input whose digest is
 * its md5) and the code version (git commit and dirty flag), and as artifacts the model package under {@code model},
 * the features' importance and the test evaluation's confusion matrix and curves, as JSON data and as PNG charts.
 */
public final class TrainingTracking {

    /** MLflow's limit on a parameter value's length. */
    private static final int PARAM_LIMIT = 6000;

    private TrainingTracking() {
    }

    /**
     * Logs a finished training in {@code experiment} (created when missing); returns the run's id.
     *
     * @param mlflowArtifacts the store behind {@code mlflow-artifacts:} locations, or null
     */
    public static String record(TrackingStore store, ArtifactStore mlflowArtifacts, String experiment,
                                TrainConfig config, Training.Outcome outcome, long startedAt) {
        List<Tag> tags = new ArrayList<>(List.of(new Tag("mlflow.source.type", "LOCAL"),
                new Tag("mlflow.source.name", config.file().toAbsolutePath().toString()),
                new Tag("capstan.model.type", outcome.type().word())));
        GitSource.of(config.file().toAbsolutePath().getParent()).ifPresent(git -> tags.addAll(git.tags()));
        RunInfo run = store.createRun(new NewRun(store.getOrCreateExperimentId(experiment),
                System.getProperty("user.name", "unknown"), "train", startedAt, tags)).info();
        try {
            long now = System.currentTimeMillis();
            store.logBatch(run.runId(), metrics(outcome, now), params(config, outcome), List.of());
            store.logInputs(run.runId(), List.of(dataset(config)));
            RunArtifacts artifacts = RunArtifacts.of(run.artifactUri(), mlflowArtifacts);
            if (artifacts != null) {
                artifacts(artifacts, outcome);
            }
            store.updateRun(run.runId(), RunStatus.FINISHED, System.currentTimeMillis(), null);
            return run.runId();
        } catch (RuntimeException e) {
            store.updateRun(run.runId(), RunStatus.FAILED, System.currentTimeMillis(), null);
            throw e;
        }
    }

    /** Logs a cross-validation estimate on the run: {@code cv_mean_METRIC} and {@code cv_std_METRIC}. */
    public static void recordCrossValidation(TrackingStore store, String runId, CrossValidation.Result cv) {
        long now = System.currentTimeMillis();
        List<Metric> metrics = new ArrayList<>();
        cv.mean().forEach((name, value) -> metrics.add(new Metric("cv_mean_" + name, value, now, 0L)));
        cv.std().forEach((name, value) -> metrics.add(new Metric("cv_std_" + name, value, now, 0L)));
        store.logBatch(runId, metrics, List.of(new Param("cv_folds", Integer.toString(cv.folds().size()))),
                List.of());
    }

    /**
     * Logs a search's trials as child runs of {@code parentRunId} (MLflow's {@code mlflow.parentRunId} tag): each
     * trial's parameters, validation metrics and rounds; the parent gets the chosen trial and metric as tags.
     */
    public static void recordTrials(TrackingStore store, String experiment, String parentRunId, Search.Result search) {
        String experimentId = store.getOrCreateExperimentId(experiment);
        for (Search.Trial trial : search.trials()) {
            long now = System.currentTimeMillis();
            RunInfo run = store.createRun(new NewRun(experimentId, System.getProperty("user.name", "unknown"),
                    "trial " + trial.number(), now, List.of(new Tag("mlflow.parentRunId", parentRunId)))).info();
            List<Metric> metrics = new ArrayList<>();
            add(metrics, "validation_", trial.outcome().validation(), now);
            metrics.add(new Metric("best_iteration", (double) trial.outcome().booster().bestIteration(), now, 0L));
            store.logBatch(run.runId(), metrics, trial.params().entrySet().stream()
                    .map(e -> new Param(e.getKey(), limit(String.valueOf(e.getValue())))).toList(), List.of());
            store.updateRun(run.runId(), RunStatus.FINISHED, System.currentTimeMillis(), null);
        }
        store.logBatch(parentRunId, List.of(), List.of(), List.of(
                new Tag("capstan.search.best_trial", Integer.toString(search.best().number())),
                new Tag("capstan.search.metric", "validation_" + search.metric())));
    }

    private static List<Param> params(TrainConfig config, Training.Outcome outcome) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("model_type", outcome.type().word());
        params.put("target", config.target());
        params.put("data", config.data().getFileName().toString());
        params.put("rounds", Integer.toString(config.model().rounds()));
        params.put("early_stopping", Integer.toString(config.model().earlyStopping()));
        params.put("split_validation", Double.toString(config.split().validation()));
        params.put("split_test", Double.toString(config.split().test()));
        params.put("seed", Long.toString(config.split().seed()));
        outcome.params().forEach((k, v) -> params.put(k, String.valueOf(v)));
        params.put("preprocessing", json(config.preprocessing()));
        return params.entrySet().stream().map(e -> new Param(e.getKey(), limit(e.getValue()))).toList();
    }

    private static List<Metric> metrics(Training.Outcome outcome, long now) {
        List<Metric> metrics = new ArrayList<>();
        outcome.booster().history().forEach((name, values) -> {
            for (int step = 0; step < values.size(); step++) {
                metrics.add(new Metric(name.replace('-', '_'), values.get(step), now, (long) step));
            }
        });
        metrics.add(new Metric("best_iteration", (double) outcome.booster().bestIteration(), now, 0L));
        add(metrics, "validation_", outcome.validation(), now);
        add(metrics, "test_", outcome.test(), now);
        return metrics;
    }

    private static void add(List<Metric> metrics, String prefix, Training.Scores scores, long now) {
        if (scores != null) {
            scores.metrics().forEach((name, value) -> metrics.add(new Metric(prefix + name, value, now, 0L)));
        }
    }

    private static DatasetInput dataset(TrainConfig config) {
        try {
            return new DatasetInput(List.of(new Tag("mlflow.data.context", "training")), new Dataset(
                    config.data().getFileName().toString(), Md5.of(config.data()), "local",
                    config.data().toAbsolutePath().toString(), null, null));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot hash " + config.data(), e);
        }
    }

    private static void artifacts(RunArtifacts artifacts, Training.Outcome outcome) {
        artifacts.putDirectory("model", outcome.model());
        Map<String, Double> importance = importance(outcome.booster().model());
        artifacts.put("feature_importance.json", json(importance).getBytes());
        chart(artifacts, "feature_importance.png", () -> Charts.bars("Feature importance (total gain)", importance));
        Evaluation test = outcome.test() == null ? null : outcome.test().evaluation();
        if (test == null) {
            return;
        }
        artifacts.put("evaluation/confusion_matrix.json", json(Map.of("labels", test.labels(),
                "matrix", test.confusionMatrix())).getBytes());
        chart(artifacts, "evaluation/confusion_matrix.png", () -> Charts.confusion(test.labels(),
                test.confusionMatrix()));
        if (test.roc() != null) {
            artifacts.put("evaluation/roc_curve.json", json(test.roc()).getBytes());
            artifacts.put("evaluation/precision_recall_curve.json", json(test.precisionRecall()).getBytes());
            artifacts.put("evaluation/calibration_curve.json", json(test.calibration()).getBytes());
            chart(artifacts, "evaluation/roc_curve.png", () -> Charts.curve(String.format(Locale.ROOT,
                    "ROC curve (AUC %.4f)", test.metrics().getOrDefault("roc_auc", Double.NaN)),
                    "false positive rate", "true positive rate", test.roc().x(), test.roc().y(), true));
            chart(artifacts, "evaluation/precision_recall_curve.png", () -> Charts.curve(String.format(Locale.ROOT,
                    "Precision-recall curve (AP %.4f)", test.metrics().getOrDefault("precision_recall_auc",
                            Double.NaN)), "recall", "precision", test.precisionRecall().x(),
                    test.precisionRecall().y(), false));
        }
    }

    /**
     * A chart as a PNG artifact. Drawing needs fonts; a machine without any still gets the JSON data, and a line on
     * standard error says which chart is missing.
     */
    private static void chart(RunArtifacts artifacts, String path, java.util.function.Supplier<byte[]> png) {
        try {
            artifacts.put(path, png.get());
        } catch (RuntimeException | LinkageError | InternalError e) {
            System.err.println("capstan: could not draw " + path + " (" + e + "); its data is in the JSON artifact");
        }
    }

    /** Each feature's total gain, as XGBoost reports it ({@code importance_type="total_gain"}). */
    static Map<String, Double> importance(byte[] model) {
        Booster booster = null;
        try {
            booster = XGBoost.loadModel(new ByteArrayInputStream(model));
            return new LinkedHashMap<>(booster.getScore((String) null, "total_gain"));
        } catch (XGBoostError | IOException e) {
            throw new IllegalStateException("Cannot read the trained model back: " + e.getMessage(), e);
        } finally {
            if (booster != null) {
                booster.dispose();
            }
        }
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String limit(String value) {
        return value.length() <= PARAM_LIMIT ? value : value.substring(0, PARAM_LIMIT - 3) + "...";
    }
}
