package dev.capstan.server.retrain;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.deploy.Deployment;
import dev.capstan.deploy.DeploymentStatus;
import dev.capstan.registry.ModelRegistryStore;
import dev.capstan.registry.ModelVersion;
import dev.capstan.registry.RegisteredModel;
import dev.capstan.registry.RegistryQuery;
import dev.capstan.retrain.RetrainDecision;
import dev.capstan.retrain.RetrainPolicy;
import dev.capstan.server.deploy.DeploymentManager;
import dev.capstan.server.monitor.Alert;
import dev.capstan.server.monitor.ModelHealth;
import dev.capstan.server.monitor.ModelMonitor;
import dev.capstan.server.monitor.Performance;
import dev.capstan.server.serving.ModelLocator;
import dev.capstan.store.artifact.ArtifactStore;
import dev.capstan.tracking.Page;
import dev.capstan.tracking.Run;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.TrackingStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Retraining inside {@code capstan server}: each registered model's policy, stored with the model as the tag
 * {@value #POLICY_TAG}, and the check of its triggers against what monitoring saw of the production version (the
 * version the policy's alias names, else the newest). Every retraining started is a run of the audit experiment
 * {@code capstan-retrain/<model>}, whose start times the cooldown and the maximum frequency count. Its start and
 * outcome also go to the alert sinks. Scheduled ({@link #schedule}), it checks the models with automatic policies.
 */
public final class Retraining implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Retraining.class);

    public static final String POLICY_TAG = "capstan.retrain_policy";
    public static final String PROJECT_TAG = "capstan.retrain_project";

    private final ModelRegistryStore registry;
    private final TrackingStore tracking;
    private final ArtifactStore artifacts;
    private final ModelLocator models;
    private final DeploymentManager deployments;
    private final ModelMonitor monitor;
    private final RetrainHistory audits;
    private final Map<String, Object> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "capstan-retrain");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param artifacts where training runs upload their models ({@code mlflow-artifacts:}), or null
     * @param models      fetches the versions the gates compare with
     * @param deployments rolls candidates out when the policy has a rollout
     * @param monitor     null on a server without a prediction log: drift and performance are then unknown
     */
    public Retraining(ModelRegistryStore registry, TrackingStore tracking, ArtifactStore artifacts,
                      ModelLocator models, DeploymentManager deployments, ModelMonitor monitor) {
        this.registry = registry;
        this.tracking = tracking;
        this.audits = new RetrainHistory(tracking);
        this.artifacts = artifacts;
        this.models = models;
        this.deployments = deployments;
        this.monitor = monitor;
    }

    /**
     * Checks {@code text} as a policy and stores it with the model, with the directory its paths are relative to
     * ({@code project}: where the policy file was; the server's working directory when null).
     */
    public RetrainPolicy setPolicy(String model, String text, String project) {
        RetrainPolicy policy = RetrainPolicy.parse(text, "the retraining policy of " + model);
        registry.getRegisteredModel(model);
        registry.setRegisteredModelTag(model, new Tag(POLICY_TAG, text));
        registry.setRegisteredModelTag(model, new Tag(PROJECT_TAG, project == null
                ? Path.of("").toAbsolutePath().toString() : project));
        return policy;
    }

    /** The model's policy as it was stored. */
    public String policyText(String model) {
        return tag(model, POLICY_TAG).orElseThrow(() -> new CapstanException(ErrorCode.RESOURCE_DOES_NOT_EXIST,
                "Model '" + model + "' has no retraining policy: set one with capstan retrain policy set " + model
                        + " retrain.yaml"));
    }

    private Optional<String> tag(String model, String key) {
        RegisteredModel registered = registry.getRegisteredModel(model);
        return registered.tags().stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst();
    }

    private RetrainPolicy policy(String model) {
        return RetrainPolicy.parse(policyText(model), "the retraining policy of " + model);
    }

    /**
     * What the triggers say now, and what a retraining would do: the decision with each trigger's evidence, the
     * production version, and the plan; {@code manual} asks as {@code capstan retrain run} does.
     */
    public Map<String, Object> check(String model, boolean manual, Instant now) {
        RetrainPolicy policy = policy(model);
        ModelVersion production = production(model, policy);
        return answer(model, production, decide(model, policy, production, manual, now), policy);
    }

    private RetrainDecision decide(String model, RetrainPolicy policy, ModelVersion production, boolean manual,
                                   Instant now) {
        return RetrainDecision.decide(policy, evidence(model, policy.endpoint() == null ? model : policy.endpoint(),
                production), audits.starts(model), now, manual);
    }

    private static Map<String, Object> answer(String model, ModelVersion production, RetrainDecision decision,
                                              RetrainPolicy policy) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("model", model);
        answer.put("production_version", production.version());
        answer.put("retrain", decision.retrain());
        answer.put("reason", decision.reason());
        answer.put("findings", decision.findings());
        answer.put("plan", plan(policy, model));
        return answer;
    }

    /**
     * Starts retraining the model if its triggers (or {@code manual}) call for it and the cooldown, the frequency
     * and any rollout in flight allow: answers the decision at once, with {@code outcome} {@code running} and the
     * audit run to follow, or {@code skipped}. The steps then run in the background: train the candidate on the
     * newest data, check its gates against the production version, register it, and promote it or roll it out.
     * Every step is audited; a failure or a failed gate leaves production as it was and says where and why. One
     * retraining of a model runs at a time.
     */
    public Map<String, Object> run(String model, boolean manual, Instant now) {
        if (running.putIfAbsent(model, Boolean.TRUE) != null) {
            throw CapstanException.alreadyExists("A retraining of '%s' is already running", model);
        }
        boolean started = false;
        try {
            followRollouts(model);
            RetrainPolicy policy = policy(model);
            ModelVersion production = production(model, policy);
            RetrainDecision decision = decide(model, policy, production, manual, now);
            Map<String, Object> answer = answer(model, production, decision, policy);
            Run rollingOut = audits.rollingOut(model).stream().findFirst().orElse(null);
            if (rollingOut != null && decision.findings().stream().anyMatch(RetrainDecision.Finding::fired)) {
                answer.put("retrain", false);
                answer.put("reason", "Version " + RetrainHistory.tags(rollingOut).get(RetrainAudit.CANDIDATE) + " is still rolling "
                        + "out on deployment " + RetrainHistory.tags(rollingOut).get(RetrainAudit.DEPLOYMENT) + " (audit run "
                        + rollingOut.info().runId() + "): nothing is done.");
                answer.put("outcome", "skipped");
            } else if (decision.retrain()) {
                RetrainAudit audit = RetrainAudit.start(tracking, model, production.version(), decision);
                answer.put("audit_run_id", audit.runId());
                answer.put("outcome", "running");
                announce("started", "warning", model, production.version(), decision.reason() + " Audit: run "
                        + audit.runId() + " of " + auditExperiment(model) + ".");
                RetrainSteps steps = new RetrainSteps(this, model, policy, production, audit);
                schedule.execute(() -> runSteps(model, production.version(), steps));
                started = true;
            } else {
                answer.put("outcome", "skipped");
            }
            return answer;
        } finally {
            if (!started) {
                running.remove(model);
            }
        }
    }

    /** A started retraining's steps, off the request; its outcome goes to the audit and the alert sinks. */
    private void runSteps(String model, String production, RetrainSteps steps) {
        try {
            Map<String, Object> outcome = steps.run();
            announce(String.valueOf(outcome.get("outcome")), outcome.get("outcome").equals("promoted")
                    || outcome.get("outcome").equals(RetrainAudit.ROLLING_OUT) ? "warning" : "critical", model,
                    production, String.valueOf(outcome.get("outcome_reason")));
        } catch (RuntimeException e) {
            LOG.warn("The retraining of {} could not record its outcome: {}", model, e.getMessage(), e);
        } finally {
            running.remove(model);
        }
    }

    /**
     * Finishes the audit of each of the model's retrainings whose rollout has ended since: {@code promoted} when
     * the candidate took over, {@code rolled_back} when the analysis (or someone) set it back.
     */
    void followRollouts(String model) {
        for (Run run : audits.rollingOut(model)) {
            Map<String, String> tags = RetrainHistory.tags(run);
            String candidate = tags.get(RetrainAudit.CANDIDATE);
            Deployment d;
            try {
                d = deployments.get(tags.get(RetrainAudit.DEPLOYMENT));
            } catch (CapstanException e) {
                finish(model, run, tags, "failed", "Deployment " + tags.get(RetrainAudit.DEPLOYMENT) + " was removed "
                        + "during the rollout of version " + candidate + ".");
                continue;
            }
            if (d.status() == DeploymentStatus.PROMOTED && candidate.equals(d.primaryVersion())) {
                finish(model, run, tags, "promoted", "Version " + candidate + " completed its rollout on deployment "
                        + d.name() + " and took all traffic" + (d.message() == null ? "" : ": " + d.message()) + ".");
            } else if ((d.status() == DeploymentStatus.DEGRADED || d.status() == DeploymentStatus.ROLLED_BACK)
                    && candidate.equals(d.candidateVersion())) {
                finish(model, run, tags, "rolled_back", "The rollout of version " + candidate + " on deployment "
                        + d.name() + " was set back to 0 %: " + d.message() + ". Version " + d.primaryVersion()
                        + " stays in production.");
            }
        }
    }

    private void finish(String model, Run run, Map<String, String> tags, String outcome, String reason) {
        RetrainAudit audit = RetrainAudit.of(tracking, run.info().runId());
        audit.step(outcome.equals("promoted") ? "promote" : "rollout", reason);
        audit.finish(outcome, reason);
        announce(outcome, outcome.equals("promoted") ? "warning" : "critical", model,
                tags.get(RetrainAudit.PRODUCTION), reason);
    }

    private void announce(String status, String severity, String model, String version, String message) {
        if (monitor != null) {
            monitor.announce(Alert.notice(status, severity, model, version, message));
        }
    }

    /**
     * Checks every model with an automatic policy every {@code every}, and retrains those whose triggers fire
     * (within their cooldown and frequency), one model after the other.
     */
    public void schedule(Duration every) {
        schedule.scheduleWithFixedDelay(this::checkAll, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One scheduled round: a failure of one model's retraining is logged and does not stop the others. */
    void checkAll() {
        for (RegisteredModel m : policyHolders()) {
            try {
                followRollouts(m.name());
                if (policy(m.name()).automatic()) {
                    Map<String, Object> outcome = run(m.name(), false, Instant.now());
                    if (!"skipped".equals(outcome.get("outcome"))) {
                        LOG.info("Retraining of {}: {} {}", m.name(), outcome.get("outcome"),
                                outcome.get("outcome_reason"));
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("Scheduled retraining check of {} failed: {}", m.name(), e.getMessage());
            }
        }
    }

    private List<RegisteredModel> policyHolders() {
        List<RegisteredModel> holders = new ArrayList<>();
        String token = null;
        do {
            Page<RegisteredModel> page = registry.searchRegisteredModels(new RegistryQuery(null, 1000, null, token));
            page.items().stream().filter(m -> m.tags().stream().anyMatch(t -> t.key().equals(POLICY_TAG)))
                    .forEach(holders::add);
            token = page.nextPageToken();
        } while (token != null);
        return holders;
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }

    /** The directory the policy's paths are relative to. */
    Path project(String model) {
        return Path.of(tag(model, PROJECT_TAG).orElse("")).toAbsolutePath();
    }

    ModelRegistryStore registry() {
        return registry;
    }

    TrackingStore tracking() {
        return tracking;
    }

    ArtifactStore artifacts() {
        return artifacts;
    }

    ModelLocator models() {
        return models;
    }

    DeploymentManager deployments() {
        return deployments;
    }

    /**
     * Where the model's retraining stands: its production version, the policy's triggers and limits, the latest
     * retraining, and the earliest time the cooldown and the maximum frequency allow the next one.
     */
    public Map<String, Object> status(String model, Instant now) {
        RetrainPolicy policy = policy(model);
        List<Map<String, Object>> history = history(model, 1000);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("model", model);
        status.put("production_version", production(model, policy).version());
        status.put("automatic", policy.automatic());
        status.put("triggers", policy.triggers());
        status.put("cooldown", RetrainDecision.human(policy.cooldown()));
        status.put("max_runs", policy.maxRuns() + " per " + RetrainDecision.human(policy.per()));
        status.put("running", running.containsKey(model));
        status.put("latest", history.isEmpty() ? null : history.get(0));
        List<Instant> starts = history.stream().map(h -> Instant.parse((String) h.get("started"))).toList();
        status.put("next_allowed", RetrainDecision.nextAllowed(policy, starts, now).toString());
        status.put("retrainings", history.size());
        return status;
    }

    /** The model's retrainings, newest first: when each started, what fired, and how it ended. */
    public List<Map<String, Object>> history(String model, int limit) {
        followRollouts(model);
        return audits.entries(model, limit);
    }

    /**
     * The version in production: the one the policy's alias names; without the alias (before the first
     * promotion), the primary of the model's deployment; without one, the newest version.
     */
    private ModelVersion production(String model, RetrainPolicy policy) {
        try {
            return registry.getVersionByAlias(model, policy.promoteAlias());
        } catch (CapstanException e) {
            if (e.code() != ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                throw e;
            }
        }
        String endpoint = policy.endpoint() == null ? model : policy.endpoint();
        if (deployments != null && deployments.list().stream().anyMatch(d -> d.name().equals(endpoint))) {
            return registry.getModelVersion(model, deployments.get(endpoint).primaryVersion());
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


    /** The experiment whose runs are the model's retrainings, one each: trigger, gates, rollout and outcome. */
    public static String auditExperiment(String model) {
        return "capstan-retrain/" + model;
    }

    private static List<String> plan(RetrainPolicy policy, String model) {
        return List.of(
                policy.pipeline() != null ? "train: repro " + policy.pipeline()
                        + (policy.target() == null ? "" : " " + policy.target()) + " on the newest data and take "
                        + (policy.model() == null ? "the model package it writes" : policy.model())
                        : "train: capstan train with " + policy.trainConfig() + " on the newest data",
                policy.gates() == null ? "gates: none configured" : "gates: " + policy.gates()
                        + ", against the production version on current data",
                "register the candidate as a new version of " + model + " with its version lock",
                policy.rollout() == null ? "rollout: none, the candidate is promoted once it passes its gates"
                        : "rollout: " + policy.rollout().steps().size() + " steps, rolled back on a failed analysis",
                "promote: move alias '" + policy.promoteAlias() + "' to the candidate");
    }
}
