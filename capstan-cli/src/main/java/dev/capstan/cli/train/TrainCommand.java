package dev.capstan.cli.train;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.cli.internal.JsonOutput;
import dev.capstan.cli.internal.RunArtifactsOption;
import dev.capstan.cli.internal.TextTable;
import dev.capstan.cli.tracking.TrackingOptions;
import dev.capstan.ml.train.CrossValidation;
import dev.capstan.ml.train.Search;
import dev.capstan.ml.train.TrainConfig;
import dev.capstan.ml.train.Training;
import dev.capstan.ml.train.TrainingTracking;
import dev.capstan.registry.ModelRegistryStore;
import dev.capstan.registry.ModelVersion;
import dev.capstan.registry.NewModelVersion;
import dev.capstan.tracking.TrackingStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code capstan train --config train.yaml}: trains, packages, evaluates and records a model. */
@Command(name = "train", description = "Train an XGBoost model with its preprocessing from a config (train.yaml), "
        + "write it as an MLmodel package, evaluate it on the held-out rows and record the run.")
public final class TrainCommand implements Runnable {

    @Spec
    private CommandSpec spec;
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The training config (YAML).")
    private Path config;
    @Mixin
    private TrackingOptions tracking;
    @Mixin
    private RunArtifactsOption artifacts;
    @Option(names = "--experiment", paramLabel = "NAME", defaultValue = "training",
            description = "The experiment the run goes to (default: ${DEFAULT-VALUE}).")
    private String experiment;
    @Option(names = "--no-track", description = "Do not record the training in the tracking store.")
    private boolean noTrack;
    @Option(names = "--register", paramLabel = "NAME", description = "Register the model under NAME, with its "
            + "version lock (code, data and parameters).")
    private String register;
    @Option(names = "--json", description = "Print the outcome as JSON.")
    private boolean json;
    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "An XGBoost parameter over the config's "
            + "model.params (repeatable), e.g. --param max_depth=6 --param eta=0.1; numbers are read as numbers.")
    private Map<String, String> params = new LinkedHashMap<>();

    @Override
    public void run() {
        if (noTrack && register != null) {
            throw CapstanException.invalid("--register needs the run that --no-track leaves out");
        }
        TrainConfig settings = TrainConfig.read(config).withModelParams(numbers(params));
        long started = System.currentTimeMillis();
        CrossValidation.Result cv = settings.split().folds() > 0 ? CrossValidation.run(settings) : null;
        Search.Result search = settings.search() == null ? null : Search.run(settings);
        Training.Outcome outcome = search == null ? Training.run(settings) : search.best().outcome();
        String runId = null;
        String version = null;
        if (!noTrack) {
            try (TrackingStore store = tracking.open()) {
                runId = TrainingTracking.record(store, artifacts.open(tracking), experiment, settings, outcome,
                        started);
                if (search != null) {
                    TrainingTracking.recordTrials(store, experiment, runId, search);
                }
                if (cv != null) {
                    TrainingTracking.recordCrossValidation(store, runId, cv);
                }
            }
            version = register == null ? null : register(runId);
        }
        if (search != null && !json) {
            printTrials(search);
        }
        print(outcome, cv, runId, version);
    }

    /** Command-line values as YAML would read them: whole numbers and decimals as numbers, the rest as text. */
    private static Map<String, Object> numbers(Map<String, String> values) {
        Map<String, Object> parsed = new LinkedHashMap<>();
        values.forEach((key, value) -> parsed.put(key, number(value)));
        return parsed;
    }

    private static Object number(String value) {
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException notWhole) {
            try {
                return Double.valueOf(value);
            } catch (NumberFormatException notNumber) {
                return value;
            }
        }
    }

    private String register(String runId) {
        try (ModelRegistryStore registry = tracking.openRegistry()) {
            try {
                registry.getRegisteredModel(register);
            } catch (CapstanException e) {
                if (e.code() != ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                    throw e;
                }
                registry.createRegisteredModel(register, List.of(), null);
            }
            ModelVersion version = registry.createModelVersion(new NewModelVersion(register,
                    "runs:/" + runId + "/model", runId, List.of(), null, null));
            return version.version();
        }
    }

    /** A line per trial: its parameters and its validation metric, the best one marked. */
    private void printTrials(Search.Result search) {
        TextTable table = new TextTable(List.of(TextTable.Column.left("TRIAL"), TextTable.Column.left("PARAMS", 60),
                TextTable.Column.right("VALIDATION " + search.metric().toUpperCase(java.util.Locale.ROOT)),
                TextTable.Column.left("")));
        for (Search.Trial trial : search.trials()) {
            table.row(trial.number(), trial.params(), String.format("%.6f", trial.outcome().validation().metrics()
                    .get(search.metric())), trial.number() == search.best().number() ? "best" : "");
        }
        PrintWriter out = spec.commandLine().getOut();
        table.print(out);
        out.println();
    }

    private void print(Training.Outcome outcome, CrossValidation.Result cv, String runId, String version) {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("model", outcome.model().toString());
        summary.put("type", outcome.type().word());
        summary.put("rows", outcome.rows());
        summary.put("rounds", outcome.booster().rounds());
        summary.put("best_iteration", outcome.booster().bestIteration());
        summary.put("validation", outcome.validation() == null ? null : outcome.validation().metrics());
        summary.put("test", outcome.test() == null ? null : outcome.test().metrics());
        summary.put("cross_validation", cv == null ? null : Map.of("folds", cv.folds(), "mean", cv.mean(),
                "std", cv.std()));
        summary.put("run_id", runId);
        summary.put("registered_version", version);
        if (json) {
            JsonOutput.print(out, summary);
            return;
        }
        TextTable table = TextTable.keyValues();
        table.row("model", outcome.model());
        table.row("type", outcome.type().word());
        table.row("rows", "train " + outcome.rows().get("train") + ", validation " + outcome.rows().get("validation")
                + ", test " + outcome.rows().get("test"));
        table.row("rounds", outcome.booster().rounds() + " (best " + outcome.booster().bestIteration() + ")");
        scores(table, "validation", outcome.validation());
        scores(table, "test", outcome.test());
        if (cv != null) {
            scores(table, cv.folds().size() + "-fold mean", new Training.Scores(cv.mean(), null));
        }
        table.row("run", runId == null ? "not recorded (--no-track)" : runId);
        if (version != null) {
            table.row("registered", register + " version " + version);
        }
        table.print(out);
        out.flush();
    }

    /** The split's headline metrics: a classifier's accuracy, F1, ROC AUC and log loss; a regressor's errors. */
    private static void scores(TextTable table, String split, Training.Scores scores) {
        if (scores == null) {
            return;
        }
        List<String> headline = List.of("accuracy_score", "f1_score", "roc_auc", "log_loss",
                "root_mean_squared_error", "mean_absolute_error", "r2_score");
        StringBuilder line = new StringBuilder();
        for (String name : headline) {
            Double value = scores.metrics().get(name);
            if (value != null) {
                line.append(line.isEmpty() ? "" : ", ").append(name).append(' ')
                        .append(String.format("%.4f", value));
            }
        }
        table.row(split, line);
    }
}
