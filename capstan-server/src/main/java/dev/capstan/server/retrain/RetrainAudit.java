package dev.capstan.server.retrain;

import dev.capstan.ml.evaluate.Gates;
import dev.capstan.retrain.RetrainDecision;
import dev.capstan.tracking.NewRun;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.RunStatus;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.TrackingStore;

import java.util.ArrayList;
import java.util.List;

/**
 * One retraining's audit trail: a run of the experiment {@code capstan-retrain/<model>}, readable by any MLflow
 * client. Its parameters are the triggers' verdicts with their evidence; its tags say the step reached and what
 * each step did, the gate table, and the outcome ({@code promoted}, {@code rejected}, {@code rolling_out},
 * {@code failed}) with its reason.
 */
final class RetrainAudit {

    static final String PREFIX = "capstan.retrain.";
    static final String OUTCOME = PREFIX + "outcome";
    static final String REASON = PREFIX + "reason";
    static final String STEP = PREFIX + "step";
    static final String PRODUCTION = PREFIX + "production_version";
    static final String CANDIDATE = PREFIX + "candidate_version";
    static final String DEPLOYMENT = PREFIX + "deployment";
    static final String ROLLING_OUT = "rolling_out";
    /** The steps in the order they run. */
    static final List<String> STEPS = List.of("train", "gates", "register", "rollout", "promote");

    private final TrackingStore tracking;
    private final String runId;

    private RetrainAudit(TrackingStore tracking, String runId) {
        this.tracking = tracking;
        this.runId = runId;
    }

    /** Starts the audit run of a retraining that {@code decision} called for. */
    static RetrainAudit start(TrackingStore tracking, String model, String production, RetrainDecision decision) {
        String experiment = tracking.getOrCreateExperimentId(Retraining.auditExperiment(model));
        String runId = tracking.createRun(new NewRun(experiment, "capstan", "retrain " + model,
                System.currentTimeMillis(), List.of(new Tag(PRODUCTION, production),
                new Tag(PREFIX + "decision", decision.reason()), new Tag(STEP, "decide"))))
                .info().runId();
        List<Param> params = new ArrayList<>();
        for (RetrainDecision.Finding f : decision.findings()) {
            params.add(new Param("trigger." + f.trigger(), (f.fired() ? "fired: " : "quiet: ") + f.evidence()));
        }
        tracking.logBatch(runId, List.of(), params, List.of());
        return new RetrainAudit(tracking, runId);
    }

    /** The audit run {@code runId}, to finish a retraining whose rollout has ended. */
    static RetrainAudit of(TrackingStore tracking, String runId) {
        return new RetrainAudit(tracking, runId);
    }

    String runId() {
        return runId;
    }

    /** Records that {@code step} ran and what it did. */
    void step(String step, String detail) {
        tracking.logBatch(runId, List.of(), List.of(), List.of(new Tag(STEP, step),
                new Tag(PREFIX + "step." + step, detail)));
    }

    /** Records the candidate's gate table, a tag per gate. */
    void gates(List<Gates.Result> results) {
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Gates.Result r = results.get(i);
            tags.add(new Tag(PREFIX + "gate." + i, (r.passed() ? "PASS " : "FAIL ") + r.gate() + ": " + r.observed()
                    + " (required " + r.required() + ")"));
        }
        tracking.logBatch(runId, List.of(), List.of(), tags);
    }

    void tag(String key, String value) {
        tracking.setTag(runId, new Tag(key, value));
    }

    /** Ends the trail with its outcome; a retraining still rolling out stays running until its rollout ends. */
    void finish(String outcome, String reason) {
        tracking.logBatch(runId, List.of(), List.of(), List.of(new Tag(OUTCOME, outcome), new Tag(REASON, reason)));
        RunStatus status = switch (outcome) {
            case "failed" -> RunStatus.FAILED;
            case ROLLING_OUT -> RunStatus.RUNNING;
            default -> RunStatus.FINISHED;
        };
        tracking.updateRun(runId, status, status == RunStatus.RUNNING ? null : System.currentTimeMillis(), null);
    }
}
