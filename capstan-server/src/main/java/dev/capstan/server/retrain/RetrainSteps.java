package dev.capstan.server.retrain;

import dev.capstan.ml.evaluate.GateConfig;
import dev.capstan.ml.evaluate.Gates;
import dev.capstan.ml.train.TrainConfig;
import dev.capstan.ml.train.Training;
import dev.capstan.ml.train.TrainingTracking;
import dev.capstan.registry.ModelVersion;
import dev.capstan.registry.NewModelVersion;
import dev.capstan.retrain.RetrainPolicy;
import dev.capstan.tracking.Tag;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The steps of one retraining, each audited: train the candidate on the newest data, check its gates against the
 * production version, register it with its version lock, and promote it. The first step that fails or refuses ends
 * the retraining with production as it was, and the answer and the audit say which step and why.
 */
final class RetrainSteps {

    private final Retraining retraining;
    private final String model;
    private final RetrainPolicy policy;
    private final ModelVersion production;
    private final RetrainAudit audit;
    private String step = "train";

    RetrainSteps(Retraining retraining, String model, RetrainPolicy policy, ModelVersion production,
                 RetrainAudit audit) {
        this.retraining = retraining;
        this.model = model;
        this.policy = policy;
        this.production = production;
        this.audit = audit;
    }

    /** Runs the steps; answers the outcome, the step it ended at, the reason and the candidate's version. */
    Map<String, Object> run() {
        Map<String, Object> result = new LinkedHashMap<>();
        try {
            Path project = retraining.project(model);
            Candidate trained = policy.pipeline() != null ? new PipelineTraining(retraining, policy, project).run()
                    : train(project);
            audit.tag(RetrainAudit.PREFIX + "training_run", trained.runId());
            audit.step("train", trained.detail());
            String trainingRun = trained.runId();
            step = "gates";
            List<Gates.Result> gates = gates(project, trained.model());
            result.put("gates", gates);
            if (!gates.stream().allMatch(Gates.Result::passed)) {
                String failed = gates.stream().filter(g -> !g.passed()).map(g -> g.gate() + " " + g.observed()
                        + " (required " + g.required() + ")").collect(Collectors.joining("; "));
                return end(result, "rejected", "The candidate failed its gates: " + failed + ". Version "
                        + production.version() + " stays in production; nothing was registered or deployed.");
            }
            step = "register";
            ModelVersion candidate = register(trainingRun);
            result.put("candidate_version", candidate.version());
            if (policy.rollout() != null) {
                step = "rollout";
                return rollOut(result, candidate);
            }
            step = "promote";
            retraining.registry().setAlias(model, policy.promoteAlias(), candidate.version());
            audit.step(step, "alias '" + policy.promoteAlias() + "' moved from version " + production.version()
                    + " to " + candidate.version());
            return end(result, "promoted", "Version " + candidate.version() + " passed its gates and is now '"
                    + policy.promoteAlias() + "' (was version " + production.version() + ").");
        } catch (RuntimeException e) {
            return end(result, "failed", "The retraining failed at step " + step + ": " + e.getMessage()
                    + ". Version " + production.version() + " stays in production.");
        }
    }

    /** Starts the candidate's progressive rollout on the model's deployment; its end is followed later. */
    private Map<String, Object> rollOut(Map<String, Object> result, ModelVersion candidate) {
        String deployment = policy.endpoint() == null ? model : policy.endpoint();
        retraining.deployments().rollOut(deployment, "models:/" + model + "/" + candidate.version(),
                policy.rollout().withPromoteAlias(policy.promoteAlias()), "capstan-retrain",
                "retrained: audit run " + audit.runId());
        audit.tag(RetrainAudit.DEPLOYMENT, deployment);
        audit.step(step, "version " + candidate.version() + " rolling out on deployment " + deployment + " in "
                + policy.rollout().steps().size() + " steps");
        return end(result, "rolling_out", "Version " + candidate.version() + " passed its gates and is rolling out "
                + "on deployment " + deployment + "; alias '" + policy.promoteAlias() + "' moves to it when the "
                + "rollout completes, and it is set back to 0 % if the rollout's analysis fails. Version "
                + production.version() + " serves meanwhile.");
    }

    private Map<String, Object> end(Map<String, Object> result, String outcome, String reason) {
        audit.finish(outcome, reason);
        result.put("outcome", outcome);
        result.put("step", step);
        result.put("outcome_reason", reason);
        return result;
    }

    /**
     * A trained candidate.
     *
     * @param runId  the tracking run that holds it under {@code model/}
     * @param model  its local package
     * @param detail what the audit says of the training
     */
    record Candidate(String runId, Path model, String detail) {
    }

    /** Trains with the policy's config and records it as a run of the {@code training} experiment. */
    private Candidate train(Path project) {
        TrainConfig config = TrainConfig.read(project.resolve(policy.trainConfig()));
        long started = System.currentTimeMillis();
        Training.Outcome trained = Training.run(config);
        String runId = TrainingTracking.record(retraining.tracking(), retraining.artifacts(), "training", config,
                trained, started);
        return new Candidate(runId, trained.model(), "run " + runId + " on " + trained.rows().get("train")
                + " rows; test: " + (trained.test() == null ? "none held out" : headline(trained.test().metrics())));
    }

    /** A classifier's accuracy and ROC AUC, or a regressor's RMSE and R², as {@code accuracy_score 0.8170}. */
    static String headline(Map<String, Double> metrics) {
        return List.of("accuracy_score", "roc_auc", "root_mean_squared_error", "r2_score").stream()
                .filter(metrics::containsKey)
                .map(m -> String.format(Locale.ROOT, "%s %.4f", m, metrics.get(m)))
                .collect(Collectors.joining(", "));
    }

    /** The candidate's gates; a reference {@code models:/} URI is the version the registry names now. */
    private List<Gates.Result> gates(Path project, Path candidate) {
        if (policy.gates() == null) {
            audit.step("gates", "none configured");
            return List.of();
        }
        Path file = project.resolve(policy.gates());
        GateConfig config = GateConfig.read(file);
        Path reference = null;
        if (config.reference() != null) {
            String uri = config.reference().model();
            reference = uri.startsWith("models:/") ? retraining.models().fetch(retraining.models().resolve(uri))
                    : file.toAbsolutePath().getParent().resolve(uri);
        }
        List<Gates.Result> results = Gates.check(config, candidate, reference);
        audit.gates(results);
        audit.step("gates", results.stream().filter(Gates.Result::passed).count() + " of " + results.size()
                + " passed");
        return results;
    }

    private ModelVersion register(String trainingRun) {
        ModelVersion version = retraining.registry().createModelVersion(new NewModelVersion(model,
                "runs:/" + trainingRun + "/model", trainingRun, List.of(new Tag(RetrainAudit.PREFIX + "audit_run",
                audit.runId())), null, "Retrained: " + policy.promoteAlias() + " was version "
                + production.version()));
        audit.tag(RetrainAudit.CANDIDATE, version.version());
        audit.step("register", "version " + version.version() + " from run " + trainingRun);
        return version;
    }
}
