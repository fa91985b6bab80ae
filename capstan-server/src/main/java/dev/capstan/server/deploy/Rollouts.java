package dev.capstan.server.deploy;

import dev.capstan.deploy.Deployment;
import dev.capstan.deploy.DeploymentSpec.Rollout;
import dev.capstan.deploy.DeploymentSpec.Step;
import dev.capstan.deploy.DeploymentStatus;
import dev.capstan.deploy.Strategy;
import dev.capstan.monitor.Psi;
import dev.capstan.server.serving.ModelEndpoint;
import dev.capstan.server.serving.internal.WindowStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Progressive rollouts, in the spirit of Argo Rollouts and Flagger: each step sets the candidate's weight or
 * pauses; every interval the candidate's requests since the last analysis are checked against the rollout's
 * conditions (error rate, p99 latency, divergence from the primary, drift of its predictions from the primary's).
 * A passing analysis lets a weight step go on (and a timed pause, once its time is up); more failed analyses than
 * the failure limit set the candidate to 0 %,
 * mark the deployment degraded and say why; the last step done, the candidate is promoted. Too few requests make an
 * analysis inconclusive: the rollout waits. Used under the manager's lock.
 */
final class Rollouts {

    /** A rollout's clock: when its step began, when it was last analysed, and its failed analyses. */
    private static final class Progress {
        long stepStarted;
        long lastAnalysis;
        int failures;
    }

    private final DeploymentManager manager;
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();

    Rollouts(DeploymentManager manager) {
        this.manager = manager;
    }

    void started(Deployment d, long now) {
        if (d.spec().strategy() == Strategy.PROGRESSIVE) {
            Progress p = new Progress();
            p.stepStarted = now;
            p.lastAnalysis = now;
            progress.put(d.name(), p);
        }
    }

    void resume(Deployment d) {
        if (d.status() == DeploymentStatus.PROGRESSING || d.status() == DeploymentStatus.PAUSED) {
            started(d, System.currentTimeMillis());
        }
    }

    void forget(String name) {
        progress.remove(name);
    }

    /** Enters step {@code index} of a progressive deployment (any other deployment is returned as it is). */
    Deployment enterStep(String name, int index, long now) {
        synchronized (manager) {
            Deployment d = manager.get(name);
            if (d.spec().strategy() != Strategy.PROGRESSIVE) {
                return d;
            }
            List<Step> steps = d.spec().rollout().steps();
            Progress p = progress.computeIfAbsent(name, n -> new Progress());
            p.stepStarted = now;
            if (index >= steps.size()) {
                return manager.promoteFully(d, DeploymentManager.ROLLOUT_ACTOR, "every step passed its analysis");
            }
            Step step = steps.get(index);
            if (step.weight() != null) {
                return manager.apply(d.with(DeploymentStatus.PROGRESSING, step.weight(), index, null, now),
                        DeploymentManager.ROLLOUT_ACTOR, "step", "step " + (index + 1) + ": weight " + step.weight());
            }
            if (step.manual()) {
                return manager.apply(d.with(DeploymentStatus.PAUSED, d.weight(), index, "paused until promoted", now),
                        DeploymentManager.ROLLOUT_ACTOR, "step", "step " + (index + 1) + ": pause until promoted");
            }
            return manager.apply(d.with(DeploymentStatus.PROGRESSING, d.weight(), index, null, now),
                    DeploymentManager.ROLLOUT_ACTOR, "step", "step " + (index + 1) + ": pause "
                            + step.pause().toMillis() + " ms");
        }
    }

    /** A manual pause released by {@code promote}: the next step begins. */
    Deployment resumeByHand(Deployment d, String actor, String reason, long now) {
        manager.store().update(d.with(DeploymentStatus.PROGRESSING, d.weight(), d.step(), null, now), actor,
                "promote", reason == null ? "pause released" : reason);
        return enterStep(d.name(), d.step() + 1, now);
    }

    /** Analyses every rollout whose interval is up. */
    void analyse(long now) {
        for (Map.Entry<String, Progress> e : progress.entrySet()) {
            synchronized (manager) {
                Deployment d = manager.store().get(e.getKey()).orElse(null);
                Progress p = e.getValue();
                if (d == null || d.status() != DeploymentStatus.PROGRESSING
                        || now - p.lastAnalysis < d.spec().rollout().interval().toMillis()) {
                    continue;
                }
                p.lastAnalysis = now;
                analyse(d, p, now);
            }
        }
    }

    private void analyse(Deployment d, Progress p, long now) {
        ModelEndpoint.Traffic traffic = manager.endpoint(d.name()).traffic();
        if (traffic.candidate() == null) {
            return;
        }
        WindowStats.Window window = traffic.candidate().model().stats().drain();
        WindowStats.Window primary = traffic.primary().model().stats().drain();
        Rollout rollout = d.spec().rollout();
        if (window.requests() < rollout.minRequests()) {
            String waiting = "waiting for at least " + rollout.minRequests() + " candidate requests per interval";
            if (!waiting.equals(d.message())) {
                manager.store().update(d.with(d.status(), d.weight(), d.step(), waiting, now),
                        DeploymentManager.ROLLOUT_ACTOR, "analysis-inconclusive", waiting);
            }
            return;
        }
        List<String> failed = failures(window, primary, rollout);
        if (!failed.isEmpty()) {
            p.failures++;
            String why = "analysis failed: " + String.join("; ", failed);
            if (p.failures > rollout.failureLimit()) {
                manager.rollback(d, DeploymentManager.ROLLOUT_ACTOR, why + " (" + p.failures + " failed analyses, "
                        + "limit " + rollout.failureLimit() + "): candidate set to 0 %", DeploymentStatus.DEGRADED,
                        "abort");
            } else {
                manager.store().update(d.with(d.status(), d.weight(), d.step(), why, now),
                        DeploymentManager.ROLLOUT_ACTOR, "analysis-failed", why);
            }
            return;
        }
        Step step = rollout.steps().get(d.step());
        boolean pauseOver = step.pause() == null || now - p.stepStarted >= step.pause().toMillis();
        if (pauseOver) {
            enterStep(d.name(), d.step() + 1, now);
        }
    }

    /** The conditions the candidate's window breaks (drift: against the primary's window), each with its figures. */
    private static List<String> failures(WindowStats.Window w, WindowStats.Window primary, Rollout r) {
        List<String> failed = new ArrayList<>();
        if (r.maxErrorRate() != null && w.errorRate() > r.maxErrorRate()) {
            failed.add(String.format(Locale.ROOT, "error rate %.4f > %s (%d of %d requests)", w.errorRate(),
                    r.maxErrorRate(), w.errors(), w.requests()));
        }
        if (r.maxP99Millis() != null && w.p99Millis() > r.maxP99Millis()) {
            failed.add(String.format(Locale.ROOT, "p99 latency %.3f ms > %s ms", w.p99Millis(), r.maxP99Millis()));
        }
        if (r.maxDivergence() != null && w.divergence() > r.maxDivergence()) {
            failed.add(String.format(Locale.ROOT, "divergence from the primary %.4f > %s (%d of %d compared)",
                    w.divergence(), r.maxDivergence(), w.disagreements(), w.comparisons()));
        }
        if (r.maxPredictionPsi() != null && w.scores().length >= r.minRequests()
                && primary.scores().length >= r.minRequests()) {
            double psi = Psi.of(primary.scores(), w.scores());
            if (psi > r.maxPredictionPsi()) {
                failed.add(String.format(Locale.ROOT, "prediction drift: PSI %.4f > %s (%d candidate against %d "
                        + "primary predictions)", psi, r.maxPredictionPsi(), w.scores().length,
                        primary.scores().length));
            }
        }
        return failed;
    }
}
