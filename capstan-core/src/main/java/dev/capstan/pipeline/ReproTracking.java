package dev.capstan.pipeline;

import dev.capstan.CapstanException;
import dev.capstan.data.DvcFile;
import dev.capstan.data.internal.PythonJson;
import dev.capstan.data.internal.YamlBlocks;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records a {@code repro} in the tracking store, so that a model's lineage reaches back to the data: a parent run
 * for the repro (git commit and dirty flag) and a child run per stage that ran, was restored or failed, with its
 * parameter values as params, the numbers in its metrics files as metrics, each dependency as a dataset input named
 * by its path with its md5 as digest (the data version), each output's md5, its command, result and duration as
 * tags, and its log as the artifact {@code logs/STAGE.log} (for runs whose artifacts are in a local artifact store:
 * {@code file:} locations, or {@code mlflow-artifacts:} ones under the given destination). The parent run gets every stage's params and metrics too, so that repros compare side by side
 * (a param that two stages record with different values is left out there).
 */
public final class ReproTracking implements Repro.Listener {

    public static final String PARENT_TAG = "mlflow.parentRunId";
    private static final Param CONFLICT = new Param("", "");

    private final TrackingStore store;
    private final ArtifactStore artifacts;
    private final String experimentId;
    private final String parentRunId;
    private final Map<String, Param> allParams = new LinkedHashMap<>();
    private final Map<String, Metric> allMetrics = new LinkedHashMap<>();

    private ReproTracking(TrackingStore store, ArtifactStore artifacts, String experimentId, String parentRunId) {
        this.store = store;
        this.artifacts = artifacts;
        this.experimentId = experimentId;
        this.parentRunId = parentRunId;
    }

    /** Opens the parent run in {@code experiment} (created when missing) for a repro of the repository at {@code root}. */
    public static ReproTracking start(TrackingStore store, String experiment, Path root) {
        return start(store, null, experiment, root, "repro", List.of());
    }

    /**
     * {@link #start} with the parent run's name and extra tags (an experiment's overrides), and the artifact store
     * behind {@code mlflow-artifacts:} locations (the server's {@code --artifacts-destination}), or null.
     */
    public static ReproTracking start(TrackingStore store, ArtifactStore artifacts, String experiment, Path root,
                                      String runName, List<Tag> extraTags) {
        String experimentId = store.getOrCreateExperimentId(experiment);
        List<Tag> tags = new ArrayList<>(List.of(new Tag("mlflow.source.type", "PIPELINE"),
                new Tag("mlflow.source.name", root.resolve(PipelineFile.NAME).toString())));
        GitSource.of(root).ifPresent(git -> tags.addAll(git.tags()));
        tags.addAll(extraTags);
        String runId = store.createRun(new NewRun(experimentId, user(), runName, System.currentTimeMillis(), tags))
                .info().runId();
        return new ReproTracking(store, artifacts, experimentId, runId);
    }

    public String runId() {
        return parentRunId;
    }

    @Override
    public synchronized void stageFinished(Stage stage, Repro.Outcome outcome, StageState state, Path log) {
        long now = System.currentTimeMillis();
        List<Tag> tags = new ArrayList<>(List.of(new Tag(PARENT_TAG, parentRunId),
                new Tag("capstan.stage.cmd", String.join(" && ", stage.cmd())),
                new Tag("capstan.stage.result", outcome.result().name().toLowerCase()),
                new Tag("capstan.stage.reasons", String.join("; ", outcome.reasons())),
                new Tag("capstan.stage.log", log.toString())));
        state.outs().stream().filter(o -> o.md5() != null)
                .forEach(o -> tags.add(new Tag("capstan.out." + o.path(), o.md5())));
        RunInfo run = store.createRun(new NewRun(experimentId, user(), stage.name(), now - outcome.millis(), tags)).info();
        String runId = run.runId();
        uploadLog(run.artifactUri(), log);
        List<Metric> stageMetrics = metrics(stage, now);
        List<Param> stageParams = params(state);
        store.logBatch(runId, stageMetrics, stageParams, List.of());
        stageMetrics.forEach(m -> allMetrics.put(m.key(), m));
        stageParams.forEach(p -> allParams.merge(p.key(), p, (a, b) -> a.value().equals(b.value()) ? a : CONFLICT));
        store.logInputs(runId, state.deps().stream().filter(d -> d.md5() != null).map(ReproTracking::input).toList());
        store.updateRun(runId, outcome.result() == Repro.Result.FAILED ? RunStatus.FAILED : RunStatus.FINISHED, now, null);
    }

    /** Ends the parent run: finished, or failed when a stage failed or the repro could not start. */
    public synchronized void finish(boolean succeeded) {
        store.logBatch(parentRunId, List.copyOf(allMetrics.values()),
                allParams.values().stream().filter(p -> p != CONFLICT).toList(), List.of());
        store.updateRun(parentRunId, succeeded ? RunStatus.FINISHED : RunStatus.FAILED, System.currentTimeMillis(), null);
    }

    /** The stage's log as {@code logs/STAGE.log} among the run's artifacts, when they can be written from here. */
    private void uploadLog(String artifactUri, Path log) {
        RunArtifacts run = RunArtifacts.of(artifactUri, artifacts);
        if (run != null && Files.isRegularFile(log)) {
            run.put("logs/" + log.getFileName(), log);
        }
    }

    private static DatasetInput input(DvcFile.Output dep) {
        return new DatasetInput(List.of(new Tag("mlflow.data.context", "input")),
                new Dataset(dep.path(), dep.md5(), "local", dep.path(), null, null));
    }

    /** Each parameter by key ({@code file:key} outside {@code params.yaml}), its value as YAML or JSON text. */
    private static List<Param> params(StageState state) {
        List<Param> params = new ArrayList<>();
        state.params().forEach((file, values) -> values.forEach((key, value) -> params.add(new Param(
                file.equals(Stage.ParamsDependency.DEFAULT_FILE) ? key : file + ":" + key,
                value instanceof Map<?, ?> || value instanceof List<?> ? PythonJson.dumps(value)
                        : value == null ? "null" : YamlBlocks.scalar(value)))));
        return params;
    }

    /** The numbers in the stage's metrics files (JSON, YAML or TOML), by dotted key; other files are skipped. */
    private static List<Metric> metrics(Stage stage, long timestamp) {
        List<Metric> metrics = new ArrayList<>();
        for (Stage.Output out : stage.outs()) {
            if (out.kind() != Stage.Output.Kind.METRICS) {
                continue;
            }
            try {
                flatten("", ParamsFile.read(stage.workDir().resolve(out.path())).values(), timestamp, metrics);
            } catch (CapstanException e) {
                // not a mapping of numbers (or missing after a failure): nothing to log
            }
        }
        return metrics;
    }

    private static void flatten(String prefix, Object value, long timestamp, List<Metric> metrics) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, timestamp, metrics));
        } else if (value instanceof Number n) {
            metrics.add(new Metric(prefix, n.doubleValue(), timestamp, 0L));
        }
    }

    private static String user() {
        return System.getProperty("user.name", "unknown");
    }
}
