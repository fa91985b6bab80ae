package dev.capstan.cli.quickstart;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.Json;
import dev.capstan.Version;
import dev.capstan.cli.internal.Progress;
import dev.capstan.cli.quickstart.ToyTraining.Config;
import dev.capstan.cli.quickstart.ToyTraining.Epoch;
import dev.capstan.cli.quickstart.ToyTraining.Samples;
import dev.capstan.tracking.Dataset;
import dev.capstan.tracking.DatasetInput;
import dev.capstan.tracking.Experiment;
import dev.capstan.tracking.GitSource;
import dev.capstan.tracking.LifecycleStage;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.NewRun;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.Run;
import dev.capstan.tracking.RunQuery;
import dev.capstan.tracking.RunStatus;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.ViewType;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Logs the quickstart's demo experiment through a tracking store, as a training script would: one run per
 * configuration of {@link ToyTraining}, each with params, per-epoch metrics, the dataset it used, provenance tags
 * and a {@code summary.json} artifact. The experiment is reused when it exists.
 */
final class DemoExperiment {

    static final String NAME = "quickstart";
    static final List<Config> CONFIGS = List.of(
            new Config("logreg-d1-lr0.5", 0.5, 1),
            new Config("logreg-d2-lr0.1", 0.1, 2),
            new Config("logreg-d2-lr0.5", 0.5, 2),
            new Config("logreg-d3-lr1.0", 1.0, 3));
    static final List<String> RANKING = List.of("metrics.val_accuracy DESC", "metrics.val_loss ASC");

    private static final int SAMPLES = 600;
    private static final int TRAINING_SAMPLES = 480;
    private static final String DESCRIPTION = "Demo runs logged by `capstan quickstart`: logistic regression with "
            + "polynomial features telling points inside a circle from points outside.";

    private final TrackingStore store;
    private final ArtifactUploader artifacts;
    private final Progress progress;

    /** What was logged: the experiment and the new runs, best first. */
    record Result(Experiment experiment, List<Run> runs) {
    }

    DemoExperiment(TrackingStore store, ArtifactUploader artifacts, Progress progress) {
        this.store = store;
        this.artifacts = artifacts;
        this.progress = progress;
    }

    static int totalSteps() {
        return CONFIGS.size() * ToyTraining.EPOCHS;
    }

    Result log() {
        Experiment experiment = experiment();
        Samples all = ToyTraining.circle(SAMPLES, ToyTraining.SEED);
        Samples train = slice(all, 0, TRAINING_SAMPLES);
        Samples validation = slice(all, TRAINING_SAMPLES, SAMPLES);
        List<String> runIds = CONFIGS.stream()
                .map(config -> logRun(experiment.experimentId(), config, train, validation)).toList();
        return new Result(experiment, ranked(experiment.experimentId(), runIds));
    }

    /** The demo experiment: the existing one (restored if deleted) or a new one. */
    private Experiment experiment() {
        try {
            Experiment existing = store.getExperimentByName(NAME);
            if (LifecycleStage.DELETED.equals(existing.lifecycleStage())) {
                store.restoreExperiment(existing.experimentId());
            }
            return store.getExperiment(existing.experimentId());
        } catch (CapstanException e) {
            if (e.code() != ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                throw e;
            }
            return store.getExperiment(store.createExperiment(NAME, null,
                    List.of(new Tag("mlflow.note.content", DESCRIPTION))));
        }
    }

    private String logRun(String experimentId, Config config, Samples train, Samples validation) {
        Run run = store.createRun(new NewRun(experimentId, System.getProperty("user.name"), config.runName(),
                System.currentTimeMillis(), provenance()));
        String runId = run.info().runId();
        try {
            store.logBatch(runId, List.of(), params(config), List.of());
            store.logInputs(runId, List.of(datasetInput(train)));
            AtomicReference<Epoch> last = new AtomicReference<>();
            double[] weights = ToyTraining.train(config, train, validation, epoch -> {
                store.logBatch(runId, metrics(epoch), List.of(), List.of());
                last.set(epoch);
                progress.step(config.runName());
            });
            artifacts.put(run.info().artifactUri(), "summary.json", summary(config, last.get(), weights));
            store.updateRun(runId, RunStatus.FINISHED, System.currentTimeMillis(), null);
            return runId;
        } catch (RuntimeException e) {
            markFailed(runId, e);
            throw e;
        }
    }

    private void markFailed(String runId, RuntimeException cause) {
        try {
            store.updateRun(runId, RunStatus.FAILED, System.currentTimeMillis(), null);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** This invocation's runs, ranked by a search on the server, as a user would rank them. */
    private List<Run> ranked(String experimentId, List<String> runIds) {
        String filter = runIds.stream().map(id -> "'" + id + "'")
                .collect(Collectors.joining(", ", "attributes.run_id IN (", ")"));
        return store.searchRuns(new RunQuery(List.of(experimentId), filter, ViewType.ACTIVE_ONLY, runIds.size(),
                RANKING, null)).items();
    }

    private static List<Param> params(Config config) {
        return List.of(new Param("model_type", "logistic_regression"),
                new Param("learning_rate", Double.toString(config.learningRate())),
                new Param("poly_degree", Integer.toString(config.degree())),
                new Param("epochs", Integer.toString(ToyTraining.EPOCHS)),
                new Param("batch_size", Integer.toString(ToyTraining.BATCH_SIZE)),
                new Param("seed", Long.toString(ToyTraining.SEED)));
    }

    private static List<Metric> metrics(Epoch epoch) {
        long now = System.currentTimeMillis();
        long step = epoch.epoch();
        return List.of(new Metric("train_loss", epoch.trainLoss(), now, step),
                new Metric("train_accuracy", epoch.trainAccuracy(), now, step),
                new Metric("val_loss", epoch.valLoss(), now, step),
                new Metric("val_accuracy", epoch.valAccuracy(), now, step));
    }

    /**
     * Where the run came from: the tags MLflow's clients set (with the git commit when run inside a repository),
     * plus Capstan's and the platform's versions.
     */
    private static List<Tag> provenance() {
        List<Tag> tags = new ArrayList<>(List.of(new Tag("mlflow.source.type", "LOCAL"),
                new Tag("mlflow.source.name", "capstan quickstart"),
                new Tag("capstan.version", Version.get()),
                new Tag("java.version", System.getProperty("java.version")),
                new Tag("os.name", System.getProperty("os.name"))));
        GitSource.of(Path.of("")).ifPresent(git -> tags.addAll(git.tags()));
        return tags;
    }

    private static DatasetInput datasetInput(Samples train) {
        Dataset dataset = new Dataset("circle", digest(train), "code",
                json(Map.of("tags", Map.of("mlflow.source.name", "capstan quickstart"))),
                json(Map.of("mlflow_colspec", List.of(Map.of("name", "x1", "type", "double"),
                        Map.of("name", "x2", "type", "double"), Map.of("name", "label", "type", "integer")))),
                json(Map.of("num_rows", train.size())));
        return new DatasetInput(List.of(new Tag("mlflow.data.context", "training")), dataset);
    }

    /** The first 8 hex digits of the SHA-256 of the samples, as MLflow shortens dataset digests. */
    static String digest(Samples samples) {
        ByteBuffer bytes = ByteBuffer.allocate(samples.size() * 20);
        for (int i = 0; i < samples.size(); i++) {
            bytes.putDouble(samples.x()[i][0]).putDouble(samples.x()[i][1]).putInt(samples.y()[i]);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes.array());
            return HexFormat.of().formatHex(hash).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static byte[] summary(Config config, Epoch last, double[] weights) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("run_name", config.runName());
        summary.put("model_type", "logistic_regression");
        summary.put("poly_degree", config.degree());
        summary.put("learning_rate", config.learningRate());
        summary.put("final_epoch", last);
        summary.put("weights", weights);
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(summary);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write summary.json", e);
        }
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write demo JSON", e);
        }
    }

    private static Samples slice(Samples all, int from, int to) {
        return new Samples(Arrays.copyOfRange(all.x(), from, to), Arrays.copyOfRange(all.y(), from, to));
    }
}
