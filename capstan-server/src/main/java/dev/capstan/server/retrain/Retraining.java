package dev.capstan.server.retrain;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.registry.ModelRegistryStore;
import dev.capstan.registry.ModelVersion;
import dev.capstan.registry.RegisteredModel;
import dev.capstan.retrain.RetrainDecision;
import dev.capstan.retrain.RetrainPolicy;
import dev.capstan.server.monitor.ModelHealth;
import dev.capstan.server.monitor.ModelMonitor;
import dev.capstan.server.monitor.Performance;
import dev.capstan.tracking.Run;
import dev.capstan.tracking.RunQuery;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.ViewType;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Retraining inside {@code capstan server}: each registered model's policy, stored with the model as the tag
 * {@value #POLICY_TAG}, and the check of its triggers against what monitoring saw of the production version (the
 * version the policy's alias names, else the newest). Every retraining started is a run of the audit experiment
 * {@code capstan-retrain/<model>}, whose start times the cooldown and the maximum frequency count.
 */
public final class Retraining {

    public static final String POLICY_TAG = "capstan.retrain_policy";

    private final ModelRegistryStore registry;
    private final TrackingStore tracking;
    private final ModelMonitor monitor;

    /** {@code monitor} is null on a server without a prediction log: drift and performance are then unknown. */
    public Retraining(ModelRegistryStore registry, TrackingStore tracking, ModelMonitor monitor) {
        this.registry = registry;
        this.tracking = tracking;
        this.monitor = monitor;
    }

    /** Checks {@code text} as a policy and stores it with the model; errors name the field. */
    public RetrainPolicy setPolicy(String model, String text) {
        RetrainPolicy policy = RetrainPolicy.parse(text, "the retraining policy of " + model);
        registry.getRegisteredModel(model);
        registry.setRegisteredModelTag(model, new Tag(POLICY_TAG, text));
        return policy;
    }

    /** The model's policy as it was stored. */
    public String policyText(String model) {
        RegisteredModel registered = registry.getRegisteredModel(model);
        return registered.tags().stream().filter(t -> t.key().equals(POLICY_TAG)).map(Tag::value).findFirst()
                .orElseThrow(() -> new CapstanException(ErrorCode.RESOURCE_DOES_NOT_EXIST, "Model '" + model
                        + "' has no retraining policy: set one with capstan retrain policy set " + model
                        + " retrain.yaml"));
    }

    /**
     * What the triggers say now, and what a retraining would do: the decision with each trigger's evidence, the
     * production version, and the plan. {@code servedAs} names the endpoint that serves the model (its name when
     * null); {@code manual} asks as {@code capstan retrain run} does.
     */
    public Map<String, Object> check(String model, String servedAs, boolean manual, Instant now) {
        RetrainPolicy policy = RetrainPolicy.parse(policyText(model), "the retraining policy of " + model);
        ModelVersion production = production(model, policy.promoteAlias());
        RetrainDecision decision = RetrainDecision.decide(policy, evidence(model, servedAs == null ? model : servedAs,
                production), history(model), now, manual);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("model", model);
        answer.put("production_version", production.version());
        answer.put("retrain", decision.retrain());
        answer.put("reason", decision.reason());
        answer.put("findings", decision.findings());
        answer.put("plan", plan(policy, model));
        return answer;
    }

    private ModelVersion production(String model, String alias) {
        try {
            return registry.getVersionByAlias(model, alias);
        } catch (CapstanException e) {
            if (e.code() != ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                throw e;
            }
        }
        return registry.getLatestVersions(model, List.of()).stream()
                .max(Comparator.comparingLong(v -> Long.parseLong(v.version())))
                .orElseThrow(() -> CapstanException.invalid("Model '%s' has no versions to retrain", model));
    }

    private RetrainDecision.Evidence evidence(String model, String endpoint, ModelVersion production) {
        long created = production.creationTimestamp() == null ? 0 : production.creationTimestamp();
        ModelHealth health = monitor == null ? null : monitor.latest().stream()
                .filter(h -> h.model().equals(endpoint) && h.version().equals(production.version()))
                .findFirst().orElse(null);
        if (health == null) {
            return new RetrainDecision.Evidence(model, production.version(), false, 0, Double.NaN, Set.of(), null,
                    Double.NaN, Double.NaN, created);
        }
        boolean tested = health.status().equals(ModelHealth.OK) && !Double.isNaN(health.drift().share());
        Set<String> drifted = tested ? health.drift().columns().stream().filter(c -> c.drifted())
                .map(c -> c.column()).collect(Collectors.toSet()) : Set.of();
        Map<String, Double> metrics = health.performance().metrics();
        String metric = health.performance().labeled() >= monitor.config().minRows()
                ? Performance.headline(metrics) : null;
        return new RetrainDecision.Evidence(model, production.version(), tested, health.windowRows(),
                tested ? health.drift().share() : Double.NaN, drifted, metric,
                metric == null ? Double.NaN : metrics.get(metric),
                metric == null ? Double.NaN : health.baseline().getOrDefault(metric, Double.NaN), created);
    }

    /** When earlier retraining of the model started: the runs of its audit experiment. */
    private List<Instant> history(String model) {
        String experiment;
        try {
            experiment = tracking.getExperimentByName(auditExperiment(model)).experimentId();
        } catch (CapstanException e) {
            if (e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                return List.of();
            }
            throw e;
        }
        return tracking.searchRuns(new RunQuery(List.of(experiment), null, ViewType.ALL, 1000, null, null))
                .items().stream().map(Run::info).filter(i -> i.startTime() != null)
                .map(i -> Instant.ofEpochMilli(i.startTime())).toList();
    }

    /** The experiment whose runs are the model's retrainings, one each: trigger, gates, rollout and outcome. */
    public static String auditExperiment(String model) {
        return "capstan-retrain/" + model;
    }

    private static List<String> plan(RetrainPolicy policy, String model) {
        return List.of(
                policy.pipeline() != null ? "train: repro " + policy.pipeline()
                        + (policy.target() == null ? "" : " " + policy.target()) + " on the newest data"
                        : "train: capstan train with " + policy.trainConfig() + " on the newest data",
                policy.gates() == null ? "gates: none configured" : "gates: " + policy.gates()
                        + ", against the production version on current data",
                "register the candidate as a new version of " + model + " with its version lock",
                policy.rollout() == null ? "rollout: none, the candidate is promoted once it passes its gates"
                        : "rollout: " + policy.rollout().steps().size() + " steps, rolled back on a failed analysis",
                "promote: move alias '" + policy.promoteAlias() + "' to the candidate");
    }
}
