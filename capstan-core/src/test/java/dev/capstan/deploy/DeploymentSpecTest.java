package dev.capstan.deploy;

import dev.capstan.CapstanException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentSpecTest {

    private static final String PROGRESSIVE = """
            name: churn
            strategy: progressive
            primary: models:/churn@champion
            candidate: models:/churn/4
            rollout:
              steps:
                - weight: 10
                - pause: 30s
                - weight: 50
                - pause: manual
                - weight: 100
              interval: 5s
              failure_limit: 1
              max_error_rate: 0.01
              max_p99_ms: 250
              max_divergence: 0.2
              max_prediction_psi: 0.25
              promote_alias: champion
            """;

    @Test
    void readsAProgressiveRolloutAndWritesItBackUnchanged() {
        DeploymentSpec spec = DeploymentSpec.parse(PROGRESSIVE, "deploy.yaml");
        assertThat(spec.strategy()).isEqualTo(Strategy.PROGRESSIVE);
        assertThat(spec.rollout().steps()).hasSize(5);
        assertThat(spec.rollout().steps().get(1).pause()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.rollout().steps().get(3).manual()).isTrue();
        assertThat(spec.rollout().interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(spec.rollout().minRequests()).isEqualTo(10);
        assertThat(spec.rollout().promoteAlias()).isEqualTo("champion");
        assertThat(spec.rollout().maxPredictionPsi()).isEqualTo(0.25);
        DeploymentSpec again = DeploymentSpec.fromTree(dev.capstan.Json.MAPPER.valueToTree(spec.toMap()), "stored");
        assertThat(again).isEqualTo(spec);
    }

    @Test
    void defaultsTheWeightByStrategy() {
        assertThat(DeploymentSpec.parse("{name: a, strategy: shadow, primary: x, candidate: y}", "f").weight())
                .isEqualTo(100);
        assertThat(DeploymentSpec.parse("{name: a, strategy: canary, primary: x, candidate: y}", "f").weight())
                .isEqualTo(0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{strategy: canary, primary: x, candidate: y}                      | 'name' is required",
        "{name: a, strategy: rainbow, primary: x}                          | strategy: expected one of",
        "{name: a, strategy: canary, primary: x}                           | strategy canary needs a candidate",
        "{name: a, strategy: single, primary: x, candidate: y}             | single takes no candidate",
        "{name: a, strategy: canary, primary: x, candidate: y, weight: 101} | weight: expected an integer from 0 to 100",
        "{name: a, strategy: ab, primary: x, candidate: y}                 | needs sticky_key",
        "{name: a, strategy: progressive, primary: x, candidate: y}        | needs rollout",
        "{name: a, strategy: canary, primary: x, candidate: y, wieght: 5}  | unknown field(s) [wieght]",
        "{name: 'a b', strategy: canary, primary: x, candidate: y}         | name must be letters",
        "{name: a, strategy: progressive, primary: x, candidate: y, rollout: {steps: [{wait: 1}]}} | rollout.steps[0]: expected",
        "{name: a, strategy: progressive, primary: x, candidate: y, rollout: {steps: [{pause: soon}]}} | rollout.steps[0].pause: expected a duration",
        "'name: [unclosed'                                                 | is not valid YAML",
    })
    void refusesBadFilesNamingTheField(String text, String message) {
        assertThatThrownBy(() -> DeploymentSpec.parse(text, "deploy.yaml")).isInstanceOf(CapstanException.class)
                .hasMessageContaining("deploy.yaml").hasMessageContaining(message);
    }
}
