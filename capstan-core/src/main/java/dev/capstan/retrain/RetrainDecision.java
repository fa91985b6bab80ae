package dev.capstan.retrain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a model is retrained now, and why: each watched trigger with the evidence it was judged on, then the
 * cooldown and the maximum frequency, which can hold back a retraining that a trigger asks for. A trigger without
 * enough evidence (a window with too few rows, metrics without feedback) does not fire and says so.
 *
 * @param retrain  whether to retrain now
 * @param findings each trigger's verdict, in the policy's order
 * @param reason   one sentence: what fired, or why nothing happens
 */
public record RetrainDecision(boolean retrain, List<Finding> findings, String reason) {

    /**
     * One trigger's verdict.
     *
     * @param trigger  {@code dataset_drift}, {@code feature_drift}, {@code accuracy_drop}, {@code max_age} or
     *                 {@code manual}
     * @param evidence what it saw, against its threshold
     */
    public record Finding(String trigger, boolean fired, String evidence) {
    }

    /**
     * What monitoring says about the production version.
     *
     * @param enoughData    whether its window had enough rows to test drift
     * @param windowRows    the rows in that window
     * @param driftShare    the share of drifted columns
     * @param drifted       the drifted columns
     * @param metric        the headline metric over the window's labeled rows ({@code accuracy_score} for a
     *                      classifier, {@code root_mean_squared_error} for a regressor), or null without feedback
     * @param current       its value over those rows
     * @param baseline      its baseline (the version's test score), NaN without one
     * @param createdMillis when the version was registered
     */
    public record Evidence(String model, String version, boolean enoughData, int windowRows, double driftShare,
                           Set<String> drifted, String metric, double current, double baseline,
                           long createdMillis) {
    }

    /**
     * Decides for {@code policy} on {@code evidence} at {@code now}, given when earlier retrainings started
     * ({@code history}); {@code manual} asks for one whatever the triggers say.
     */
    public static RetrainDecision decide(RetrainPolicy policy, Evidence evidence, List<Instant> history,
                                         Instant now, boolean manual) {
        List<Finding> findings = findings(policy, evidence, now);
        if (manual) {
            findings.add(new Finding("manual", true, "asked for by hand"));
        }
        List<String> fired = findings.stream().filter(Finding::fired).map(Finding::trigger).toList();
        if (fired.isEmpty()) {
            return new RetrainDecision(false, findings, policy.automatic() ? "No trigger fired."
                    : "The policy watches no trigger: retrain by hand with capstan retrain run.");
        }
        Instant last = history.stream().max(Instant::compareTo).orElse(null);
        if (last != null && last.plus(policy.cooldown()).isAfter(now)) {
            return new RetrainDecision(false, findings, String.format(Locale.ROOT, "%s fired, but the last "
                    + "retraining started at %s and the cooldown of %s lasts until %s: nothing is done.",
                    String.join(", ", fired), last, human(policy.cooldown()), last.plus(policy.cooldown())));
        }
        long recent = history.stream().filter(t -> t.isAfter(now.minus(policy.per()))).count();
        if (recent >= policy.maxRuns()) {
            return new RetrainDecision(false, findings, String.format(Locale.ROOT, "%s fired, but %d retrainings "
                    + "started in the last %s, the most the policy allows (max_runs %d per %s): nothing is done.",
                    String.join(", ", fired), recent, human(policy.per()), policy.maxRuns(), human(policy.per())));
        }
        return new RetrainDecision(true, findings, "Retrain: " + String.join(", ", fired) + " fired.");
    }

    private static List<Finding> findings(RetrainPolicy policy, Evidence e, Instant now) {
        List<Finding> findings = new ArrayList<>();
        String tooFew = "not enough data: " + e.windowRows() + " rows in the window";
        if (policy.datasetDrift() != null) {
            findings.add(e.enoughData()
                    ? new Finding("dataset_drift", e.driftShare() >= policy.datasetDrift(), String.format(Locale.ROOT,
                            "drifted share %.2f (%d columns) %s threshold %.2f", e.driftShare(), e.drifted().size(),
                            e.driftShare() >= policy.datasetDrift() ? ">=" : "<", policy.datasetDrift()))
                    : new Finding("dataset_drift", false, tooFew));
        }
        if (!policy.features().isEmpty()) {
            List<String> drifted = policy.features().stream().filter(e.drifted()::contains).toList();
            findings.add(e.enoughData()
                    ? new Finding("feature_drift", !drifted.isEmpty(), drifted.isEmpty()
                            ? "none of " + policy.features() + " drifted" : "drifted: " + drifted)
                    : new Finding("feature_drift", false, tooFew));
        }
        if (policy.accuracyDrop() != null) {
            findings.add(accuracyDrop(policy.accuracyDrop(), e));
        }
        if (policy.maxAge() != null) {
            Duration age = Duration.between(Instant.ofEpochMilli(e.createdMillis()), now);
            findings.add(new Finding("max_age", age.compareTo(policy.maxAge()) > 0, String.format(Locale.ROOT,
                    "version %s is %s old, limit %s", e.version(), human(age), human(policy.maxAge()))));
        }
        return findings;
    }

    /**
     * As the {@code accuracy_drop} alert judges it: accuracy lower than its baseline by more than the threshold
     * (absolute), or RMSE higher than its baseline by more than the threshold (relative); no verdict without both.
     */
    private static Finding accuracyDrop(double threshold, Evidence e) {
        if (e.metric() == null || Double.isNaN(e.current()) || Double.isNaN(e.baseline())) {
            return new Finding("accuracy_drop", false, "no metric to compare: no feedback in the window, or no "
                    + "baseline metrics in the version's reference profile");
        }
        boolean accuracy = e.metric().equals("accuracy_score");
        double limit = accuracy ? e.baseline() - threshold : e.baseline() * (1 + threshold);
        boolean fired = accuracy ? e.current() < limit : e.current() > limit;
        return new Finding("accuracy_drop", fired, String.format(Locale.ROOT, "%s %.4f against baseline %.4f "
                + "(limit %.4f)", e.metric(), e.current(), e.baseline(), limit));
    }

    /**
     * The earliest time from {@code now} on when the cooldown and the maximum frequency let a retraining start,
     * given when earlier ones started.
     */
    public static Instant nextAllowed(RetrainPolicy policy, List<Instant> history, Instant now) {
        Instant next = now;
        Instant last = history.stream().max(Instant::compareTo).orElse(null);
        if (last != null && last.plus(policy.cooldown()).isAfter(next)) {
            next = last.plus(policy.cooldown());
        }
        List<Instant> recent = history.stream().filter(t -> t.isAfter(now.minus(policy.per()))).sorted().toList();
        if (recent.size() >= policy.maxRuns()) {
            Instant freed = recent.get(recent.size() - policy.maxRuns()).plus(policy.per());
            next = freed.isAfter(next) ? freed : next;
        }
        return next;
    }

    /** {@code 36h}, {@code 7d}, {@code 45m}: the largest whole unit. */
    public static String human(Duration d) {
        if (d.toDays() > 0 && d.toHours() % 24 == 0) {
            return d.toDays() + "d";
        }
        if (d.toHours() > 0 && d.toMinutes() % 60 == 0) {
            return d.toHours() + "h";
        }
        return d.toMinutes() > 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
    }
}
