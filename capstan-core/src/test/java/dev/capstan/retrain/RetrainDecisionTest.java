package dev.capstan.retrain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RetrainDecisionTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final RetrainPolicy POLICY = RetrainPolicy.parse("""
            triggers: {dataset_drift: 0.5, feature_drift: [age], accuracy_drop: 0.05, max_age: 30d}
            cooldown: 24h
            max_runs: 2
            per: 7d
            training: {config: train.yaml}
            """, "retrain.yaml");

    private static RetrainDecision.Evidence evidence(boolean enough, double share, Set<String> drifted,
                                                     double accuracy, long ageDays) {
        return new RetrainDecision.Evidence("churn", "3", enough, enough ? 1000 : 40, share, drifted,
                Double.isNaN(accuracy) ? null : "accuracy_score", accuracy, 0.91,
                NOW.minus(Duration.ofDays(ageDays)).toEpochMilli());
    }

    @Test
    void aCalmModelIsLeftAloneAndEachTriggerSaysWhatItSaw() {
        RetrainDecision d = RetrainDecision.decide(POLICY, evidence(true, 0.1, Set.of("plan"), 0.90, 3), List.of(),
                NOW, false);
        assertThat(d.retrain()).isFalse();
        assertThat(d.reason()).isEqualTo("No trigger fired.");
        assertThat(d.findings()).extracting(RetrainDecision.Finding::trigger)
                .containsExactly("dataset_drift", "feature_drift", "accuracy_drop", "max_age");
        assertThat(d.findings()).noneMatch(RetrainDecision.Finding::fired);
        assertThat(d.findings().get(0).evidence()).isEqualTo("drifted share 0.10 (1 columns) < threshold 0.50");
        assertThat(d.findings().get(2).evidence())
                .isEqualTo("accuracy_score 0.9000 against baseline 0.9100 (limit 0.8600)");
        assertThat(d.findings().get(3).evidence()).isEqualTo("version 3 is 3d old, limit 30d");
    }

    @Test
    void eachTriggerFiresPastItsThreshold() {
        RetrainDecision d = RetrainDecision.decide(POLICY, evidence(true, 0.5, Set.of("age", "plan"), 0.80, 31),
                List.of(), NOW, false);
        assertThat(d.retrain()).isTrue();
        assertThat(d.findings()).allMatch(RetrainDecision.Finding::fired);
        assertThat(d.reason()).isEqualTo("Retrain: dataset_drift, feature_drift, accuracy_drop, max_age fired.");
        assertThat(d.findings().get(1).evidence()).isEqualTo("drifted: [age]");
    }

    @Test
    void tooLittleEvidenceIsNoVerdictNeverCalm() {
        RetrainDecision d = RetrainDecision.decide(POLICY, evidence(false, 0, Set.of(), Double.NaN, 1), List.of(),
                NOW, false);
        assertThat(d.retrain()).isFalse();
        assertThat(d.findings().get(0).evidence()).isEqualTo("not enough data: 40 rows in the window");
        assertThat(d.findings().get(1).evidence()).isEqualTo("not enough data: 40 rows in the window");
        assertThat(d.findings().get(2).evidence()).startsWith("no metric to compare");
    }

    @Test
    void aSecondTriggerInsideTheCooldownDoesNothingAndSaysSo() {
        Instant last = NOW.minus(Duration.ofHours(5));
        RetrainDecision d = RetrainDecision.decide(POLICY, evidence(true, 0.8, Set.of("age"), 0.90, 3),
                List.of(last), NOW, false);
        assertThat(d.retrain()).isFalse();
        assertThat(d.reason()).isEqualTo("dataset_drift, feature_drift fired, but the last retraining started at "
                + "2026-12-07T07:00:00Z and the cooldown of 1d lasts until 2026-12-08T07:00:00Z: nothing is done.");
        assertThat(RetrainDecision.decide(POLICY, evidence(true, 0.8, Set.of(), 0.9, 3),
                List.of(NOW.minus(Duration.ofHours(25))), NOW, false).retrain()).isTrue();
    }

    @Test
    void theMaximumFrequencyHoldsBackATriggeredRetraining() {
        List<Instant> history = List.of(NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(6)),
                NOW.minus(Duration.ofDays(9)));
        RetrainDecision d = RetrainDecision.decide(POLICY, evidence(true, 0.8, Set.of(), 0.9, 3), history, NOW,
                false);
        assertThat(d.retrain()).isFalse();
        assertThat(d.reason()).isEqualTo("dataset_drift fired, but 2 retrainings started in the last 7d, the most "
                + "the policy allows (max_runs 2 per 7d): nothing is done.");
    }

    @Test
    void aManualRunNeedsNoTriggerButKeepsTheCooldown() {
        RetrainPolicy manualOnly = RetrainPolicy.parse("training: {config: t.yaml}", "r.yaml");
        RetrainDecision calm = RetrainDecision.decide(manualOnly, evidence(true, 0, Set.of(), 0.9, 1), List.of(),
                NOW, false);
        assertThat(calm.retrain()).isFalse();
        assertThat(calm.reason()).startsWith("The policy watches no trigger");
        RetrainDecision manual = RetrainDecision.decide(manualOnly, evidence(true, 0, Set.of(), 0.9, 1), List.of(),
                NOW, true);
        assertThat(manual.retrain()).isTrue();
        assertThat(manual.reason()).isEqualTo("Retrain: manual fired.");
        assertThat(RetrainDecision.decide(manualOnly, evidence(true, 0, Set.of(), 0.9, 1),
                List.of(NOW.minus(Duration.ofMinutes(10))), NOW, true).retrain()).isFalse();
    }

    @Test
    void aRegressorsRmseTriggersWhenItRisesByTheThresholdRelatively() {
        RetrainPolicy policy = RetrainPolicy.parse("triggers: {accuracy_drop: 0.1}\ntraining: {config: t.yaml}",
                "r.yaml");
        RetrainDecision.Evidence worse = new RetrainDecision.Evidence("price", "1", true, 500, 0, Set.of(),
                "root_mean_squared_error", 11.1, 10.0, NOW.toEpochMilli());
        RetrainDecision d = RetrainDecision.decide(policy, worse, List.of(), NOW, false);
        assertThat(d.retrain()).isTrue();
        assertThat(d.findings().get(0).evidence())
                .isEqualTo("root_mean_squared_error 11.1000 against baseline 10.0000 (limit 11.0000)");
    }

    @Test
    void theNextRetrainingIsAllowedWhenBothTheCooldownAndTheFrequencyAllowIt() {
        assertThat(RetrainDecision.nextAllowed(POLICY, List.of(), NOW)).isEqualTo(NOW);
        Instant last = NOW.minus(Duration.ofHours(5));
        assertThat(RetrainDecision.nextAllowed(POLICY, List.of(last), NOW)).isEqualTo(last.plus(Duration.ofHours(24)));
        List<Instant> twoThisWeek = List.of(NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(6)));
        assertThat(RetrainDecision.nextAllowed(POLICY, twoThisWeek, NOW))
                .isEqualTo(NOW.minus(Duration.ofDays(6)).plus(Duration.ofDays(7)));
    }
}
