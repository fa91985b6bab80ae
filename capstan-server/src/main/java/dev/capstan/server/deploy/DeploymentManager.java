package dev.capstan.server.deploy;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.deploy.Deployment;
import dev.capstan.deploy.DeploymentEvent;
import dev.capstan.deploy.DeploymentSpec;
import dev.capstan.deploy.DeploymentStatus;
import dev.capstan.deploy.DeploymentStore;
import dev.capstan.deploy.Strategy;
import dev.capstan.registry.ModelRegistryStore;
import dev.capstan.registry.ModelUri;
import dev.capstan.server.serving.ModelEndpoint;
import dev.capstan.server.serving.ModelEndpoint.Mode;
import dev.capstan.server.serving.ModelEndpoint.Traffic;
import dev.capstan.server.serving.ModelEndpoint.Variant;
import dev.capstan.server.serving.ModelServing;
import dev.capstan.server.serving.ServedModel;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs the declared deployments: loads and warms their versions into {@link ModelServing}, applies each strategy's
 * traffic, changes it on request ({@link #setWeight}, {@link #promote}, {@link #rollback}) and drives progressive
 * rollouts ({@link Rollouts}). Every transition is stored with who made it and why before it returns. Transitions
 * are serialized; loading models happens outside that lock. Thread-safe.
 */
public final class DeploymentManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentManager.class);
    static final String ROLLOUT_ACTOR = "rollout";

    private final DeploymentStore store;
    private final ModelServing serving;
    private final Supplier<ModelRegistryStore> registry;
    private final Rollouts rollouts = new Rollouts(this);
    private final Map<String, Object> creating = new ConcurrentHashMap<>();
    private final Map<String, AbScores> abScores = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "capstan-rollouts");
        t.setDaemon(true);
        return t;
    });

    /** @param registry the model registry, where promotions move aliases; opened once, when first needed */
    public DeploymentManager(DeploymentStore store, ModelServing serving, Supplier<ModelRegistryStore> registry) {
        this.store = store;
        this.serving = serving;
        this.registry = registry;
        GaugeWithCallback.builder().name("capstan_deployment_candidate_weight")
                .help("The candidate's share of requests (the mirrored share for shadow), 0-100")
                .labelNames("deployment", "strategy").callback(cb -> deployments().forEach(d -> cb.call(d.weight(),
                        d.name(), d.spec().strategy().wireName()))).register(serving.metrics().registry());
        GaugeWithCallback.builder().name("capstan_deployment_status")
                .help("1 for a deployment's current status (ACTIVE, PROGRESSING, PAUSED, PROMOTED, DEGRADED, "
                        + "ROLLED_BACK)").labelNames("deployment", "status")
                .callback(cb -> deployments().forEach(d -> cb.call(1, d.name(), d.status().name())))
                .register(serving.metrics().registry());
    }

    /** The stored deployments, or none when the store cannot be read (a scrape must not fail for it). */
    private List<Deployment> deployments() {
        try {
            return store.list();
        } catch (RuntimeException e) {
            LOG.warn("Cannot read deployments for /metrics: {}", e.getMessage());
            return List.of();
        }
    }

    /** Serves the stored deployments again (after a restart) and starts analysing rollouts. */
    public void start() {
        for (Deployment d : store.list()) {
            try {
                serving.add(d.name(), restoredTraffic(d));
                rollouts.resume(d);
            } catch (RuntimeException e) {
                LOG.error("Cannot serve deployment {} again: {}", d.name(), e.getMessage());
            }
        }
        timer.scheduleWithFixedDelay(this::tick, 100, 100, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            rollouts.analyse(System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.warn("Rollout analysis failed: {}", e.getMessage(), e);
        }
    }

    /**
     * Loads and warms the primary and the candidate (a failure leaves nothing behind), serves them as the strategy
     * says, and records the deployment.
     */
    public Deployment create(DeploymentSpec spec, String actor, String reason) {
        if (store.get(spec.name()).isPresent() || creating.putIfAbsent(spec.name(), spec) != null) {
            throw CapstanException.alreadyExists("Deployment '%s' already exists; delete it first or change it with "
                    + "set-weight, promote or rollback", spec.name());
        }
        try {
            ServedModel primary = serving.load(spec.name(), spec.primary());
            ServedModel candidate;
            try {
                candidate = spec.candidate() == null ? null : serving.load(spec.name(), spec.candidate());
            } catch (RuntimeException e) {
                primary.retire();
                throw CapstanException.invalid("Cannot load the candidate %s: %s", spec.candidate(), e.getMessage());
            }
            long now = System.currentTimeMillis();
            int weight = spec.strategy() == Strategy.PROGRESSIVE ? 0 : spec.weight();
            DeploymentStatus status = spec.strategy() == Strategy.PROGRESSIVE ? DeploymentStatus.PROGRESSING
                    : DeploymentStatus.ACTIVE;
            Deployment d = new Deployment(spec, status, weight, 0, primary.version(),
                    candidate == null ? null : candidate.version(), null, now, now);
            Variant p = new Variant("primary", spec.primary(), primary);
            Variant c = candidate == null ? null : new Variant("candidate", spec.candidate(), candidate);
            synchronized (this) {
                serving.add(spec.name(), traffic(spec, p, c, weight, null));
                try {
                    store.create(d, actor, reason);
                } catch (RuntimeException e) {
                    serving.remove(spec.name());
                    throw e;
                }
                rollouts.started(d, now);
            }
            return rollouts.enterStep(spec.name(), 0, now);
        } finally {
            creating.remove(spec.name());
        }
    }

    /**
     * Starts a progressive rollout of {@code candidateUri} on a deployment that serves one version: what it serves
     * stays the primary, the candidate is loaded and warmed (a failure changes nothing), and the rollout steps it up
     * from 0 %, promoting it (and moving the rollout's alias) or setting it back to 0 % as its analysis decides.
     */
    public Deployment rollOut(String name, String candidateUri, DeploymentSpec.Rollout rollout, String actor,
                              String reason) {
        Deployment d = get(name);
        if (d.status() == DeploymentStatus.PROGRESSING || d.status() == DeploymentStatus.PAUSED) {
            throw new CapstanException(ErrorCode.INVALID_STATE, "Deployment '" + name + "' is already rolling out "
                    + "version " + d.candidateVersion());
        }
        ServedModel candidate;
        try {
            candidate = serving.load(name, candidateUri);
        } catch (RuntimeException e) {
            throw CapstanException.invalid("Cannot load the candidate %s: %s", candidateUri, e.getMessage());
        }
        synchronized (this) {
            ModelEndpoint endpoint = serving.endpoint(name);
            Variant primary = endpoint.traffic().primary();
            DeploymentSpec spec = new DeploymentSpec(name, Strategy.PROGRESSIVE, primary.uri(), candidateUri, 0, null,
                    null, rollout);
            long now = System.currentTimeMillis();
            rollouts.forget(name);
            endpoint.setTraffic(traffic(spec, primary, new Variant("candidate", candidateUri, candidate), 0, null));
            Deployment next = new Deployment(spec, DeploymentStatus.PROGRESSING, 0, 0, primary.model().version(),
                    candidate.version(), reason, d.createdAt(), now);
            store.update(next, actor, "rollout", reason);
            rollouts.started(next, now);
        }
        return rollouts.enterStep(name, 0, System.currentTimeMillis());
    }

    public Deployment get(String name) {
        return store.get(name).orElseThrow(() -> CapstanException.notFound("No deployment named '%s'; deployments: %s",
                name, store.list().stream().map(Deployment::name).toList()));
    }

    public List<Deployment> list() {
        return store.list();
    }

    public List<DeploymentEvent> events(String name) {
        return store.events(name);
    }

    /** The endpoint serving a deployment. */
    public ModelEndpoint endpoint(String name) {
        return serving.endpoint(name);
    }

    /**
     * Feedback for an A/B deployment's requests.
     *
     * @param requestId the {@code X-Request-Id} of the answered request
     * @param label     the true label or value ({@code accuracy}, {@code absolute_error}), or null
     * @param value     the outcome ({@code conversion}: 0 or 1; {@code value}: any number), or null
     */
    public record Feedback(String requestId, String label, Double value) {
    }

    /** How a batch of feedback was taken: matched to a request, for a request not known (or forgotten), or refused. */
    public record FeedbackResult(int matched, int unmatched, int invalid, List<String> problems) {
    }

    /**
     * Credits feedback to the variant that answered each request; unknown request ids are counted, not errors,
     * and feedback that does not fit the metric is counted with its reason (the first ten are given).
     */
    public FeedbackResult feedback(String name, List<Feedback> feedback) {
        Deployment d = get(name);
        if (d.spec().strategy() != Strategy.AB) {
            throw new CapstanException(ErrorCode.INVALID_STATE, "Deployment '" + name + "' is "
                    + d.spec().strategy().wireName() + ": feedback is for ab deployments");
        }
        AbScores scores = abScores(d);
        int matched = 0;
        int unmatched = 0;
        List<String> problems = new java.util.ArrayList<>();
        for (Feedback f : feedback) {
            var served = f.requestId() == null ? null : serving.endpoint(name).ledger().take(f.requestId());
            if (served == null) {
                unmatched++;
                continue;
            }
            try {
                scores.add(served.variant(), Outcomes.of(d.spec().metric(), f, served.prediction()));
                matched++;
            } catch (IllegalArgumentException e) {
                problems.add("request " + f.requestId() + ": " + e.getMessage());
            }
        }
        return new FeedbackResult(matched, unmatched, problems.size(), problems.subList(0,
                Math.min(10, problems.size())));
    }

    /** The A/B scores of an ab deployment, or null for other strategies. */
    public Map<String, Object> abView(Deployment d) {
        return d.spec().strategy() == Strategy.AB ? abScores(d).view() : null;
    }

    private AbScores abScores(Deployment d) {
        return abScores.computeIfAbsent(d.name(), n -> new AbScores(d.spec().metric()));
    }

    /** Sets the candidate's share (the mirrored share for shadow). */
    public synchronized Deployment setWeight(String name, int weight, String actor, String reason) {
        Deployment d = get(name);
        Strategy s = d.spec().strategy();
        if (s == Strategy.SINGLE || s == Strategy.BLUE_GREEN) {
            throw new CapstanException(ErrorCode.INVALID_STATE, "Deployment '" + name + "' is " + s.wireName()
                    + ": it has no traffic split; use promote or rollback");
        }
        if (d.candidateVersion() == null) {
            throw new CapstanException(ErrorCode.INVALID_STATE, "Deployment '" + name + "' has no candidate any more "
                    + "(status " + d.status() + ")");
        }
        return apply(d.with(d.status() == DeploymentStatus.PROGRESSING || d.status() == DeploymentStatus.PAUSED
                        ? d.status() : DeploymentStatus.ACTIVE, weight, d.step(), reason, System.currentTimeMillis()),
                actor, "set-weight", reason);
    }

    /**
     * Promotes: a progressive rollout paused by hand goes on to its next step; otherwise the candidate takes all
     * traffic at once, the registry alias moves to it, and the old primary stays loaded as standby for an instant
     * rollback.
     */
    public synchronized Deployment promote(String name, String actor, String reason) {
        Deployment d = get(name);
        if (d.status() == DeploymentStatus.PAUSED) {
            return rollouts.resumeByHand(d, actor, reason, System.currentTimeMillis());
        }
        return promoteFully(d, actor, reason);
    }

    synchronized Deployment promoteFully(Deployment d, String actor, String reason) {
        ModelEndpoint endpoint = serving.endpoint(d.name());
        Traffic t = endpoint.traffic();
        if (t.candidate() == null) {
            throw new CapstanException(ErrorCode.INVALID_STATE, "Deployment '" + d.name() + "' has no candidate to "
                    + "promote (status " + d.status() + ")");
        }
        rollouts.forget(d.name());
        String alias = moveAlias(d.spec(), t.candidate().model());
        endpoint.setTraffic(new Traffic(new Variant("primary", t.candidate().uri(), t.candidate().model()), null, 0,
                Mode.SPLIT, null, false, new Variant("standby", t.primary().uri(), t.primary().model())));
        long now = System.currentTimeMillis();
        String why = join(reason, alias == null ? null : "alias " + alias + " now names version "
                + t.candidate().model().version());
        Deployment next = d.with(DeploymentStatus.PROMOTED, 100, d.step(), why, now)
                .withVersions(t.candidate().model().version(), null, now);
        store.update(next, actor, "promote", why);
        return next;
    }

    /**
     * Rolls back: after a promotion the standby serves again (and the alias moves back); otherwise the candidate
     * gets no traffic.
     */
    public synchronized Deployment rollback(String name, String actor, String reason) {
        return rollback(get(name), actor, reason, DeploymentStatus.ROLLED_BACK, "rollback");
    }

    synchronized Deployment rollback(Deployment d, String actor, String reason, DeploymentStatus status,
                                     String action) {
        rollouts.forget(d.name());
        ModelEndpoint endpoint = serving.endpoint(d.name());
        Traffic t = endpoint.traffic();
        long now = System.currentTimeMillis();
        if (t.standby() != null) {
            String alias = moveAlias(d.spec(), t.standby().model());
            endpoint.setTraffic(traffic(d.spec(), new Variant("primary", t.standby().uri(), t.standby().model()),
                    new Variant("candidate", t.primary().uri(), t.primary().model()), 0, null));
            String why = join(reason, alias == null ? null : "alias " + alias + " names version "
                    + t.standby().model().version() + " again");
            Deployment next = d.with(status, 0, d.step(), why, now)
                    .withVersions(t.standby().model().version(), t.primary().model().version(), now);
            store.update(next, actor, action, why);
            return next;
        }
        if (t.candidate() == null) {
            throw new CapstanException(ErrorCode.INVALID_STATE, "Deployment '" + d.name() + "' has nothing to roll "
                    + "back to");
        }
        return apply(d.with(status, 0, d.step(), reason, now), actor, action, reason);
    }

    /** Stops serving the deployment and removes it; its events stay. */
    public synchronized void delete(String name, String actor) {
        get(name);
        rollouts.forget(name);
        abScores.remove(name);
        serving.remove(name);
        store.delete(name, actor, System.currentTimeMillis());
    }

    /** Stores {@code next} and applies its weight to the endpoint's traffic. */
    synchronized Deployment apply(Deployment next, String actor, String action, String reason) {
        ModelEndpoint endpoint = serving.endpoint(next.name());
        Traffic t = endpoint.traffic();
        endpoint.setTraffic(traffic(next.spec(), t.primary(), t.candidate(), next.weight(), t.standby()));
        store.update(next, actor, action, reason);
        return next;
    }

    /** The traffic a strategy gives a primary and candidate at a weight. */
    private static Traffic traffic(DeploymentSpec spec, Variant primary, Variant candidate, int weight,
                                   Variant standby) {
        if (candidate == null) {
            return new Traffic(primary, null, 0, Mode.SPLIT, null, false, standby);
        }
        Mode mode = switch (spec.strategy()) {
            case SHADOW -> Mode.SHADOW;
            case AB -> Mode.STICKY;
            default -> Mode.SPLIT;
        };
        boolean compare = spec.rollout() != null && spec.rollout().maxDivergence() != null;
        return new Traffic(primary, candidate, weight, mode, spec.stickyKey(), compare, standby);
    }

    private Traffic restoredTraffic(Deployment d) {
        DeploymentSpec spec = d.spec();
        if (d.status() == DeploymentStatus.PROMOTED || spec.candidate() == null) {
            String uri = d.status() == DeploymentStatus.PROMOTED ? spec.candidate() : spec.primary();
            return Traffic.only(new Variant("primary", uri, serving.load(spec.name(), uri)));
        }
        Variant p = new Variant("primary", spec.primary(), serving.load(spec.name(), spec.primary()));
        Variant c = new Variant("candidate", spec.candidate(), serving.load(spec.name(), spec.candidate()));
        return traffic(spec, p, c, d.weight(), null);
    }

    /**
     * Points the deployment's alias at {@code model}'s version: the rollout's promote_alias, else the alias the
     * primary URI names ({@code models:/churn@champion}); returns it, or null when there is none.
     */
    private String moveAlias(DeploymentSpec spec, ServedModel model) {
        String alias = spec.rollout() != null && spec.rollout().promoteAlias() != null ? spec.rollout().promoteAlias()
                : spec.primary().startsWith("models:") ? ModelUri.parse(spec.primary()).alias() : null;
        if (alias == null || !model.ref().uri().startsWith("models:")) {
            return null;
        }
        registry.get().setAlias(model.ref().name(), alias, model.version());
        return alias;
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + "; " + b;
    }

    DeploymentStore store() {
        return store;
    }

    ModelServing serving() {
        return serving;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
