package dev.capstan.retrain;

import dev.capstan.CapstanException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetrainPolicyTest {

    @Test
    void readsEveryFieldAndDefaultsTheRest() {
        RetrainPolicy policy = RetrainPolicy.parse("""
                triggers:
                  dataset_drift: 0.5
                  feature_drift: [age, plan]
                  accuracy_drop: 0.05
                  max_age: 30d
                training:
                  pipeline: dvc.yaml
                  target: train
                gates: gates.yaml
                rollout:
                  steps: [{weight: 10}, {pause: 5m}, {weight: 100}]
                  max_error_rate: 0.01
                """, "retrain.yaml");
        assertThat(policy.datasetDrift()).isEqualTo(0.5);
        assertThat(policy.features()).containsExactly("age", "plan");
        assertThat(policy.accuracyDrop()).isEqualTo(0.05);
        assertThat(policy.maxAge()).isEqualTo(Duration.ofDays(30));
        assertThat(policy.cooldown()).isEqualTo(Duration.ofHours(24));
        assertThat(policy.maxRuns()).isEqualTo(3);
        assertThat(policy.per()).isEqualTo(Duration.ofDays(7));
        assertThat(policy.pipeline()).isEqualTo("dvc.yaml");
        assertThat(policy.target()).isEqualTo("train");
        assertThat(policy.trainConfig()).isNull();
        assertThat(policy.gates()).isEqualTo("gates.yaml");
        assertThat(policy.rollout().steps()).hasSize(3);
        assertThat(policy.rollout().maxErrorRate()).isEqualTo(0.01);
        assertThat(policy.promoteAlias()).isEqualTo("champion");
        assertThat(policy.automatic()).isTrue();
    }

    @Test
    void aPolicyWithoutTriggersIsManualOnly() {
        RetrainPolicy policy = RetrainPolicy.parse("training: {config: train.yaml}\ncooldown: 1h\nmax_runs: 1\n"
                + "per: 1d\npromote_alias: prod", "r.yaml");
        assertThat(policy.automatic()).isFalse();
        assertThat(policy.trainConfig()).isEqualTo("train.yaml");
        assertThat(policy.cooldown()).isEqualTo(Duration.ofHours(1));
        assertThat(policy.rollout()).isNull();
        assertThat(policy.promoteAlias()).isEqualTo("prod");
    }

    @Test
    void errorsNameTheFileTheFieldWhatWasExpectedAndWhatWasFound() {
        assertError("training: {config: t.yaml}\ntriggers: {drift: 0.5}",
                "r.yaml: unknown field(s) [triggers.drift]; expected [triggers.accuracy_drop, triggers.dataset_drift,"
                        + " triggers.feature_drift, triggers.max_age]");
        assertError("training: {config: t.yaml}\ntriggers: {dataset_drift: 1.5}",
                "r.yaml: triggers.dataset_drift: expected a share from 0 to 1, found 1.5");
        assertError("training: {config: t.yaml}\ntriggers: {feature_drift: age}",
                "r.yaml: triggers.feature_drift: expected a list of names, found \"age\"");
        assertError("training: {config: t.yaml}\ncooldown: soon",
                "r.yaml: cooldown: expected a duration such as 30s, 5m, 1h or 7d, found \"soon\"");
        assertError("training: {config: t.yaml}\nmax_runs: 0", "r.yaml: max_runs: expected a positive integer, found 0");
        assertError("triggers: {max_age: 7d}", "r.yaml: training.pipeline: expected either training.pipeline (a "
                + "dvc.yaml) or training.config (a train config), not both, found neither");
        assertError("training: {config: t.yaml, pipeline: dvc.yaml}", "found both");
        assertError("training: {config: t.yaml, target: train}",
                "r.yaml: training.target: expected a target only with training.pipeline, found train");
        assertError("training: {config: t.yaml}\nrollout: {steps: []}", "r.yaml: rollout.steps: expected a non-empty");
        assertError("training: [", "r.yaml is not valid YAML");
    }

    private static void assertError(String yaml, String message) {
        assertThatThrownBy(() -> RetrainPolicy.parse(yaml, "r.yaml")).isInstanceOf(CapstanException.class)
                .hasMessageContaining(message);
    }
}
