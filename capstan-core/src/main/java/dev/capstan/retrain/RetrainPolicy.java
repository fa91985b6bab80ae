package dev.capstan.retrain;

import dev.capstan.CapstanException;
import dev.capstan.YamlFields;
import dev.capstan.deploy.DeploymentSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * When and how a registered model is retrained ({@code retrain.yaml}, stored with the model):
 *
 * <pre>
 * triggers:
 *   dataset_drift: 0.5          # the share of drifted columns at or above which to retrain
 *   feature_drift: [age, plan]  # retrain when any of these columns drifts
 *   accuracy_drop: 0.05         # retrain when a baseline metric falls by more than this
 *   max_age: 30d                # retrain a version older than this
 * cooldown: 24h                 # no retraining this soon after the last one (default 24h)
 * max_runs: 3                   # at most this many retrainings...
 * per: 7d                       # ...within this period (defaults: 3 per 7d)
 * training:
 *   pipeline: dvc.yaml          # repro this pipeline (optionally up to one target) on the newest data,
 *   target: train
 *   model: models/churn         # the model package it writes (default: the stages' one output holding an MLmodel)
 *   config: train.yaml          # or train with this config: one of the two
 * gates: gates.yaml             # the candidate's quality gates, against the champion on current data
 * rollout: {steps: [{weight: 10}, {pause: 5m}, {weight: 50}, {pause: 5m}]}   # as a deployment's
 * promote_alias: champion       # the alias moved to the candidate once its rollout completes
 * endpoint: churn-live          # the deployment that serves the model, whose monitoring the triggers read
 *                               # (default: the deployment named after the model)
 * </pre>
 *
 * Paths are relative to the project directory: where {@code capstan retrain policy set} read the policy from.
 *
 * A manual run ({@code capstan retrain run}) needs no trigger. Triggers left out are not watched; a policy without
 * any is manual only.
 *
 * @param datasetDrift   the drifted share that triggers, or null when not watched
 * @param features       columns whose drift triggers
 * @param accuracyDrop   the metric drop that triggers, or null when not watched
 * @param maxAge         the version age that triggers, or null when not watched
 * @param pipeline       the pipeline file to repro, or null when {@code trainConfig} is set
 * @param target         the pipeline's target, or null for the whole pipeline
 * @param model          the package the pipeline writes, or null to find it among the stages' outputs
 * @param trainConfig    the train config, or null when {@code pipeline} is set
 * @param gates          the gates file, or null for none
 * @param rollout        the candidate's progressive rollout, or null to promote once its gates pass
 * @param endpoint       the deployment serving the model, or null when it is named after the model
 */
public record RetrainPolicy(Double datasetDrift, List<String> features, Double accuracyDrop, Duration maxAge,
                            Duration cooldown, int maxRuns, Duration per, String pipeline, String target,
                            String model, String trainConfig, String gates, DeploymentSpec.Rollout rollout, String promoteAlias,
                            String endpoint) {

    private static final Set<String> FIELDS = Set.of("triggers", "cooldown", "max_runs", "per", "training", "gates",
            "rollout", "promote_alias", "endpoint");

    public RetrainPolicy {
        features = List.copyOf(features);
    }

    /** Whether any trigger is watched, so that the policy can start a retraining by itself. */
    public boolean automatic() {
        return datasetDrift != null || !features.isEmpty() || accuracyDrop != null || maxAge != null;
    }

    /** The watched triggers in words: {@code dataset_drift >= 0.5}, {@code max_age 30d}. */
    public List<String> triggers() {
        List<String> triggers = new ArrayList<>();
        if (datasetDrift != null) {
            triggers.add("dataset_drift >= " + datasetDrift);
        }
        if (!features.isEmpty()) {
            triggers.add("feature_drift of " + String.join(", ", features));
        }
        if (accuracyDrop != null) {
            triggers.add("accuracy_drop > " + accuracyDrop);
        }
        if (maxAge != null) {
            triggers.add("max_age " + RetrainDecision.human(maxAge));
        }
        return triggers;
    }

    /** Reads a policy file; errors name the file and the field. */
    public static RetrainPolicy read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            throw CapstanException.invalid("The retraining policy %s does not exist", file);
        } catch (IOException e) {
            throw CapstanException.invalid("Cannot read the retraining policy %s: %s", file, e.getMessage());
        }
    }

    /** Reads a policy's text; {@code source} names it in errors. */
    public static RetrainPolicy parse(String text, String source) {
        YamlFields top = YamlFields.parse(text, source, FIELDS);
        YamlFields triggers = top.object("triggers", Set.of("dataset_drift", "feature_drift", "accuracy_drop",
                "max_age"));
        YamlFields training = top.object("training", Set.of("pipeline", "target", "model", "config"));
        String pipeline = training.text("pipeline");
        String config = training.text("config");
        if ((pipeline == null) == (config == null)) {
            throw training.error(pipeline == null ? "pipeline" : "config",
                    "either training.pipeline (a dvc.yaml) or training.config (a train config), not both",
                    pipeline == null ? "neither" : "both");
        }
        for (String onlyWithPipeline : new String[] {"target", "model"}) {
            if (config != null && training.has(onlyWithPipeline)) {
                throw training.error(onlyWithPipeline, "a " + onlyWithPipeline + " only with training.pipeline",
                        training.text(onlyWithPipeline));
            }
        }
        return new RetrainPolicy(
                triggers.has("dataset_drift") ? triggers.fraction("dataset_drift", 0) : null,
                triggers.texts("feature_drift"),
                triggers.has("accuracy_drop") ? triggers.nonNegative("accuracy_drop", 0) : null,
                triggers.duration("max_age", null),
                top.duration("cooldown", Duration.ofHours(24)),
                top.positiveInt("max_runs", 3),
                top.duration("per", Duration.ofDays(7)),
                pipeline, training.text("target"), training.text("model"), config, top.text("gates"),
                top.has("rollout") ? DeploymentSpec.rollout(top.node().get("rollout"), source) : null,
                top.text("promote_alias") == null ? "champion" : top.text("promote_alias"), top.text("endpoint"));
    }
}
