package dev.capstan.server.monitor;

import dev.capstan.monitor.AlertRule;
import dev.capstan.monitor.ColumnDrift;
import dev.capstan.monitor.DataDrift;
import dev.capstan.monitor.DriftMethod;
import dev.capstan.monitor.MonitorConfig;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts from rules: each kind fires over its threshold and not under it, or not at all without enough data; a
 * firing alert is sent once, again only after the cooldown, and once more when it resolves.
 */
class AlertsTest {

    private static final long MINUTE = 60_000;

    private static ModelHealth health(long time, double... driftScores) {
        List<ColumnDrift> columns = new java.util.ArrayList<>();
        for (int i = 0; i < driftScores.length; i++) {
            columns.add(new ColumnDrift("f" + i, true, DriftMethod.WASSERSTEIN, driftScores[i], 0.1,
                    driftScores[i] >= 0.1 ? ColumnDrift.Status.DRIFT : ColumnDrift.Status.NO_DRIFT));
        }
        return new ModelHealth("churn", "3", time, 500, ModelHealth.OK, DataDrift.of(columns, 0.5), null, 0.2, 0.2,
                Performance.NONE, Map.of(), 0, 0, 0, Double.NaN);
    }

    private static ModelHealth serving(double accuracy, int labeled, double p99, long requests, double errorRate,
                                       double mean) {
        return new ModelHealth("churn", "3", 0, 500, ModelHealth.OK, DataDrift.of(List.of(), 0.5), null, mean, 0.2,
                new Performance(labeled, 0, Map.of("accuracy_score", accuracy)), Map.of("accuracy_score", 0.9),
                requests, errorRate, p99, 10);
    }

    @Test
    void eachKindFiresOverItsThresholdOnly() {
        List<AlertRule> rules = AlertRule.defaults();
        assertThat(firing(rules, serving(0.86, 100, 15, 100, 0.01, 0.24), 100)).isEmpty();
        assertThat(firing(rules, serving(0.84, 100, 15.1, 100, 0.011, 0.25), 100))
                .containsExactly("accuracy_drop", "latency_p99", "error_rate", "prediction_shift");
        assertThat(AlertConditions.evaluate(rules, serving(0.5, 99, 100, 9, 0.5, 0.2), 100))
                .as("too few labeled rows and requests: no verdict").extracting(c -> c.rule().name())
                .containsExactly("prediction_shift");
        ModelHealth notEnough = new ModelHealth("churn", "3", 0, 20, ModelHealth.NOT_ENOUGH_DATA, null, null, 0.9,
                0.2, Performance.NONE, Map.of(), 0, 0, 0, Double.NaN);
        assertThat(AlertConditions.evaluate(rules, notEnough, 100)).isEmpty();
    }

    private static List<String> firing(List<AlertRule> rules, ModelHealth health, int minRows) {
        return AlertConditions.evaluate(rules, health, minRows).stream().filter(AlertConditions.Condition::firing)
                .map(c -> c.rule().name()).toList();
    }

    @Test
    void aFiringAlertIsSentOnceThenAfterTheCooldownThenWhenItResolves() {
        MonitorConfig config = MonitorConfig.defaults();
        List<AlertRule> rules = List.of(AlertRule.defaults().get(0), AlertRule.defaults().get(1));
        try (Alerts alerts = new Alerts(config)) {
            List<Alert> first = alerts.update(health(0, 0.3, 0.05), AlertConditions.evaluate(rules,
                    health(0, 0.3, 0.05), 100));
            assertThat(first).extracting(Alert::rule, Alert::status, Alert::subject).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("dataset_drift", "firing", null),
                    org.assertj.core.groups.Tuple.tuple("feature_drift", "firing", "f0"));
            assertThat(first.get(0).message()).isEqualTo("Drift is detected for 50% of columns (1 of 2)");
            assertThat(alerts.firing()).hasSize(2);

            ModelHealth later = health(30 * MINUTE, 0.4, 0.05);
            assertThat(alerts.update(later, AlertConditions.evaluate(rules, later, 100))).as("within the cooldown")
                    .isEmpty();
            ModelHealth afterCooldown = health(61 * MINUTE, 0.4, 0.05);
            assertThat(alerts.update(afterCooldown, AlertConditions.evaluate(rules, afterCooldown, 100)))
                    .extracting(Alert::status).containsExactly("firing", "firing");
            ModelHealth calm = health(62 * MINUTE, 0.02, 0.05);
            assertThat(alerts.update(calm, AlertConditions.evaluate(rules, calm, 100)))
                    .extracting(Alert::rule, Alert::status).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("dataset_drift", "resolved"),
                            org.assertj.core.groups.Tuple.tuple("feature_drift", "resolved"));
            assertThat(alerts.firing()).isEmpty();
            assertThat(alerts.recent()).hasSize(6);
            assertThat(alerts.recent().get(0).status()).isEqualTo("resolved");
        }
    }

    @Test
    void aWebhookThatCannotBeReachedIsTriedThreeTimesAndCounted() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        MonitorConfig config = MonitorConfig.defaults().withWebhooks(List.of(new MonitorConfig.Webhook(
                "http://127.0.0.1:" + closedPort + "/hook", "json")));
        List<AlertRule> rules = List.of(AlertRule.defaults().get(0));
        try (Alerts alerts = new Alerts(config)) {
            alerts.update(health(0, 0.3), AlertConditions.evaluate(rules, health(0, 0.3), 100));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (alerts.failedDeliveries() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(alerts.failedDeliveries()).isEqualTo(1);
        }
    }
}
