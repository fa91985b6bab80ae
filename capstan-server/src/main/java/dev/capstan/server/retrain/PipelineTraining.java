package dev.capstan.server.retrain;

import dev.capstan.CapstanException;
import dev.capstan.data.DataRepo;
import dev.capstan.pipeline.PipelineFile;
import dev.capstan.pipeline.Repro;
import dev.capstan.pipeline.ReproTracking;
import dev.capstan.pipeline.Stage;
import dev.capstan.retrain.RetrainPolicy;
import dev.capstan.store.artifact.RunArtifacts;
import dev.capstan.tracking.DatasetInput;
import dev.capstan.tracking.NewRun;
import dev.capstan.tracking.RunInfo;
import dev.capstan.tracking.RunQuery;
import dev.capstan.tracking.RunStatus;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.ViewType;
import dev.capstan.tracking.search.SearchFilter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A candidate trained by the policy's pipeline ({@code training.pipeline}): its stages are reproduced up to the
 * target on the newest data (unchanged ones are skipped, as {@code capstan repro} skips them), recorded in the
 * {@code pipelines} experiment as {@code capstan repro} records them, and the model
 * package it writes is recorded with its files as a run of the {@code training} experiment, which the candidate's
 * version is registered from.
 */
final class PipelineTraining {

    /** Where {@code capstan repro} records pipelines, and so where the retraining's repro is recorded too. */
    private static final String EXPERIMENT = "pipelines";

    private final Retraining retraining;
    private final RetrainPolicy policy;
    private final Path project;

    PipelineTraining(Retraining retraining, RetrainPolicy policy, Path project) {
        this.retraining = retraining;
        this.policy = policy;
        this.project = project;
    }

    RetrainSteps.Candidate run() {
        Path file = project.resolve(policy.pipeline()).normalize();
        if (!Files.isRegularFile(file)) {
            throw CapstanException.invalid("The pipeline %s does not exist", file);
        }
        DataRepo repo = DataRepo.find(file.toAbsolutePath().getParent());
        List<Stage> stages = PipelineFile.readAll(repo.root());
        ReproTracking recorded = ReproTracking.start(retraining.tracking(), retraining.artifacts(), EXPERIMENT,
                repo.root(), "retrain repro", List.of());
        List<Repro.Outcome> outcomes = List.of();
        try {
            outcomes = new Repro(repo, line -> { }, recorded).run(stages, new Repro.Options(
                    policy.target() == null ? List.of() : List.of(policy.target()), false, false, 1, false, false));
        } finally {
            recorded.finish(!outcomes.isEmpty()
                    && outcomes.stream().noneMatch(o -> o.result() == Repro.Result.FAILED));
        }
        List<Repro.Outcome> failed = outcomes.stream().filter(o -> o.result() == Repro.Result.FAILED).toList();
        if (!failed.isEmpty()) {
            throw new IllegalStateException("the pipeline's stage " + failed.get(0).stage() + " failed ("
                    + String.join("; ", failed.get(0).reasons()) + "); its log: " + repo.root().resolve(
                    ".dvc/tmp/repro/" + failed.get(0).stage() + ".log"));
        }
        Path model = model(stages);
        String runId = record(model, inputsOfStageWriting(model, stages, recorded.runId()));
        String ran = outcomes.stream().map(o -> o.stage() + " " + o.result().name().toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.joining(", "));
        return new RetrainSteps.Candidate(runId, model, "run " + runId + ": repro " + policy.pipeline()
                + (policy.target() == null ? "" : " " + policy.target()) + " (" + ran + "); model " + model);
    }

    /** The policy's {@code training.model}, else the one output of the stages that holds an MLmodel package. */
    private Path model(List<Stage> stages) {
        if (policy.model() != null) {
            Path model = project.resolve(policy.model()).normalize();
            if (!Files.isRegularFile(model.resolve("MLmodel"))) {
                throw CapstanException.invalid("training.model %s holds no MLmodel file after the pipeline ran",
                        model);
            }
            return model;
        }
        List<Path> packages = stages.stream().flatMap(s -> s.outs().stream().map(o -> s.workDir().resolve(o.path())))
                .filter(p -> Files.isRegularFile(p.resolve("MLmodel"))).distinct().toList();
        if (packages.size() != 1) {
            throw CapstanException.invalid("The pipeline's outputs hold %s MLmodel packages (%s): name the "
                    + "candidate with training.model", packages.size(), packages);
        }
        return packages.get(0);
    }

    /**
     * The data versions that the stage whose output holds {@code model} took in the repro {@code reproRunId}, as
     * that stage's run recorded them; none when the stage did not run (its package is then an earlier one).
     */
    private List<DatasetInput> inputsOfStageWriting(Path model, List<Stage> stages, String reproRunId) {
        Optional<String> writer = stages.stream().filter(s -> s.outs().stream()
                .anyMatch(o -> model.normalize().startsWith(s.workDir().resolve(o.path()).normalize())))
                .map(Stage::name).findFirst();
        if (writer.isEmpty()) {
            return List.of();
        }
        TrackingStore tracking = retraining.tracking();
        return tracking.searchRuns(new RunQuery(List.of(tracking.getOrCreateExperimentId(EXPERIMENT)),
                "tags.`" + ReproTracking.PARENT_TAG + "` = " + SearchFilter.literal(reproRunId)
                        + " AND attributes.run_name = " + SearchFilter.literal(writer.get()), ViewType.ACTIVE_ONLY, 1,
                List.of(), null)).items().stream().flatMap(r -> r.inputs().datasetInputs().stream()).toList();
    }

    /** A run of the {@code training} experiment with the package under {@code model/} and its data versions. */
    private String record(Path model, List<DatasetInput> data) {
        TrackingStore tracking = retraining.tracking();
        RunInfo run = tracking.createRun(new NewRun(tracking.getOrCreateExperimentId("training"), "capstan",
                "retrain pipeline", System.currentTimeMillis(), List.of(
                        new Tag("mlflow.source.type", "PROJECT"),
                        new Tag("mlflow.source.name", project.resolve(policy.pipeline()).normalize().toString()),
                        new Tag("capstan.pipeline.target", policy.target() == null ? "" : policy.target())))).info();
        try {
            RunArtifacts artifacts = RunArtifacts.of(run.artifactUri(), retraining.artifacts());
            if (artifacts == null) {
                throw new IllegalStateException("the training run's artifacts at " + run.artifactUri()
                        + " cannot be written from the server");
            }
            artifacts.putDirectory("model", model);
            tracking.logInputs(run.runId(), data);
            tracking.updateRun(run.runId(), RunStatus.FINISHED, System.currentTimeMillis(), null);
            return run.runId();
        } catch (RuntimeException e) {
            tracking.updateRun(run.runId(), RunStatus.FAILED, System.currentTimeMillis(), null);
            throw e;
        }
    }
}
