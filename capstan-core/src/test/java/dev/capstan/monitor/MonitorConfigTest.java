package dev.capstan.monitor;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Monitoring files: every field read, the defaults where absent, and errors that name the file and field. */
class MonitorConfigTest {

    @Test
    void anEmptyFileGivesTheDefaultsWithOneRuleOfEachKind() {
        MonitorConfig config = MonitorConfig.parse("", "m.yaml");
        assertThat(config).isEqualTo(MonitorConfig.defaults());
        assertThat(config.rules()).extracting(AlertRule::name).containsExactly("dataset_drift", "feature_drift",
                "accuracy_drop", "latency_p99", "error_rate", "prediction_shift");
        assertThat(config.rules()).extracting(AlertRule::threshold).containsExactly(0.5, 0.0, 0.05, 1.5, 0.01, 0.2);
        assertThat(config.windowRows()).isEqualTo(1000);
        assertThat(config.drift().share()).isEqualTo(0.5);
    }

    @Test
    void everyFieldIsRead() {
        MonitorConfig config = MonitorConfig.parse("""
                window: {rows: 5000, duration: 24h}
                min_rows: 200
                interval: 30s
                drift:
                  share: 0.3
                  columns:
                    age: {method: psi, threshold: 0.2}
                    plan: {threshold: 0.05}
                alerts:
                  cooldown: 15m
                  log: false
                  rules:
                    - {kind: feature_drift, column: age, severity: critical}
                    - {name: big_drift, kind: dataset_drift, threshold: 0.8}
                  webhooks:
                    - {url: "https://hooks.slack.com/services/T/B/X", format: slack}
                """, "m.yaml");
        assertThat(config.windowRows()).isEqualTo(5000);
        assertThat(config.windowDuration()).isEqualTo(Duration.ofHours(24));
        assertThat(config.minRows()).isEqualTo(200);
        assertThat(config.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.drift().share()).isEqualTo(0.3);
        assertThat(config.drift().columns()).containsEntry("age", new WindowDrift.ColumnSetting(DriftMethod.PSI, 0.2))
                .containsEntry("plan", new WindowDrift.ColumnSetting(null, 0.05));
        assertThat(config.cooldown()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.logAlerts()).isFalse();
        assertThat(config.rules()).containsExactly(
                new AlertRule("feature_drift_age", AlertRule.Kind.FEATURE_DRIFT, 0, AlertRule.Severity.CRITICAL, "age"),
                new AlertRule("big_drift", AlertRule.Kind.DATASET_DRIFT, 0.8, AlertRule.Severity.CRITICAL, null));
        assertThat(config.webhooks()).containsExactly(new MonitorConfig.Webhook(
                "https://hooks.slack.com/services/T/B/X", "slack"));
    }

    @Test
    void errorsNameTheFileAndTheField() {
        assertError("windows: {rows: 10}", "m.yaml: unknown field(s) [windows]");
        assertError("window: {rows: 0}", "m.yaml: window.rows: expected a positive integer, found 0");
        assertError("window: {rows: 50}\nmin_rows: 100", "min_rows (100) must not exceed window.rows (50)");
        assertError("interval: soon", "m.yaml: interval: expected a duration such as 30s, 5m, 1h or 7d");
        assertError("drift: {share: 2}", "m.yaml: drift.share: expected a share from 0 to 1, found 2.0");
        assertError("drift: {columns: {age: {method: t-test}}}",
                "m.yaml: drift.columns.age.method: expected one of ks, wasserstein");
        assertError("alerts: {rules: [{kind: drift}]}", "m.yaml: alerts.rules[0].kind: expected one of dataset_drift");
        assertError("alerts: {rules: [{kind: error_rate, severity: page}]}",
                "alerts.rules[0].severity: expected warning or critical, found page");
        assertError("alerts: {rules: [{kind: error_rate}, {kind: error_rate}]}",
                "alerts.rules[1].name: expected a name no other rule has, found error_rate");
        assertError("alerts: {webhooks: [{url: ftp://x}]}",
                "alerts.webhooks[0].url: expected an http:// or https:// URL, found ftp://x");
        assertError("alerts: {webhooks: [{url: 'http://x', format: teams}]}",
                "alerts.webhooks[0].format: expected json or slack, found teams");
        assertError("window: [1, 2]", "m.yaml: window: expected a mapping");
        assertError("a: [", "m.yaml is not valid YAML");
    }

    private static void assertError(String yaml, String message) {
        assertThatThrownBy(() -> MonitorConfig.parse(yaml, "m.yaml")).hasMessageContaining(message);
    }
}
