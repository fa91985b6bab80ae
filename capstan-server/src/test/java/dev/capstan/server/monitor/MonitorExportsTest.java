package dev.capstan.server.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import dev.capstan.monitor.ColumnDrift;
import dev.capstan.monitor.DataDrift;
import dev.capstan.monitor.DriftMethod;
import dev.capstan.monitor.MonitorConfig;
import dev.capstan.server.serving.internal.ServingMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The exported Prometheus rules, checked and unit-tested by Prometheus' own {@code promtool} (Debian's
 * {@code prometheus} package, installed by {@code .ci/run}): each rule stays quiet below its threshold and fires
 * above it, as Capstan's rule does; and the Grafana dashboard queries only gauges the server exports.
 */
class MonitorExportsTest {

    @TempDir
    Path dir;

    @Test
    void promtoolAcceptsTheRulesAndEachFiresExactlyWhereCapstansRuleDoes() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool (Debian package prometheus) missing");
        Files.writeString(dir.resolve("rules.yml"), MonitorExports.prometheusRules(MonitorConfig.defaults()));
        assertThat(promtool("check", "rules", "rules.yml")).contains("SUCCESS: 6 rules found");

        String v = "{model=\"churn\",version=\"1\"";
        Files.writeString(dir.resolve("test.yml"), """
                rule_files: [rules.yml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - {series: 'capstan_monitor_drift_share%1$s}', values: '0.25 0.5'}
                      - {series: 'capstan_monitor_feature_drifted%1$s,feature="age"}', values: '0 1'}
                      - {series: 'capstan_monitor_performance%1$s,metric="accuracy_score"}', values: '0.86 0.84'}
                      - {series: 'capstan_monitor_performance_baseline%1$s,metric="accuracy_score"}', values: '0.9 0.9'}
                      - {series: 'capstan_monitor_labeled_rows%1$s}', values: '100 100'}
                      - {series: 'capstan_monitor_latency_p99_seconds%1$s}', values: '0.015 0.0151'}
                      - {series: 'capstan_monitor_latency_p99_baseline_seconds%1$s}', values: '0.01 0.01'}
                      - {series: 'capstan_monitor_error_rate%1$s}', values: '0.01 0.02'}
                      - {series: 'capstan_monitor_prediction_mean%1$s}', values: '0.24 0.25'}
                      - {series: 'capstan_monitor_prediction_mean_reference%1$s}', values: '0.2 0.2'}
                      - {series: 'capstan_monitor_window_rows%1$s}', values: '500 500'}
                    alert_rule_test:
                %2$s
                """.formatted(v, expectations()));
        String result = promtool("test", "rules", "test.yml");
        assertThat(result).contains("SUCCESS");
    }

    /** Each alert: none at 0m (at or under its threshold), one at 1m (over it). */
    private static String expectations() {
        String[][] alerts = {
            {"CapstanDatasetDrift", "dataset_drift", "critical", "0.5", "The share of drifted columns is at least 0.5",
                ""},
            {"CapstanFeatureDrift", "feature_drift", "warning", "1", "A column drifted from the reference",
                ", column age"},
            {"CapstanAccuracyDrop", "accuracy_drop", "critical", "0.84",
                "Accuracy dropped more than 0.05 below the baseline", ""},
            {"CapstanLatencyP99", "latency_p99", "warning", "0.0151", "p99 latency above 1.5 x the baseline", ""},
            {"CapstanErrorRate", "error_rate", "critical", "0.02", "Error rate above 0.01", ""},
            {"CapstanPredictionShift", "prediction_shift", "warning", "0.04999999999999999",
                "Mean prediction moved more than 20% from the reference", ""},
        };
        StringBuilder yaml = new StringBuilder();
        for (String[] a : alerts) {
            String labels = "{severity: " + a[2] + ", rule: " + a[1] + ", model: churn, version: '1'"
                    + (a[5].isEmpty() ? "" : ", feature: age") + (a[1].equals("accuracy_drop") ? ", metric: accuracy_score"
                    : "") + "}";
            yaml.append("      - {eval_time: 0m, alertname: ").append(a[0]).append(", exp_alerts: []}\n")
                    .append("      - eval_time: 1m\n        alertname: ").append(a[0]).append("\n        exp_alerts:\n")
                    .append("          - exp_labels: ").append(labels).append("\n            exp_annotations: ")
                    .append("{summary: '").append(a[4]).append("', description: 'churn version 1").append(a[5])
                    .append(": ").append(a[3]).append("'}\n");
        }
        return yaml.toString();
    }

    @Test
    void theDashboardAndTheRulesQueryOnlyMetricsTheServerExports() throws Exception {
        ServingMetrics metrics = new ServingMetrics(List::of);
        metrics.requests("churn", "1", "primary", 200).inc();
        ColumnDrift age = new ColumnDrift("age", true, DriftMethod.WASSERSTEIN, 0.3, 0.1, ColumnDrift.Status.DRIFT);
        ModelHealth health = new ModelHealth("churn", "1", 0, 500, ModelHealth.OK, DataDrift.of(List.of(age), 0.5),
                age, 0.3, 0.2, new Performance(100, 0, Map.of("accuracy_score", 0.8)), Map.of("accuracy_score", 0.9),
                100, 0.0, 12, 10);
        MonitorGauges.register(metrics.registry(), () -> List.of(health),
                () -> List.<String[]>of(new String[] {"dataset_drift", "churn", "1", "null"}));
        String scraped = new String(metrics.scrape(), java.nio.charset.StandardCharsets.UTF_8);

        JsonNode dashboard = Json.MAPPER.readTree(MonitorExports.grafanaDashboard());
        assertThat(dashboard.get("panels")).hasSize(8);
        List<String> queries = new ArrayList<>(dashboard.findValuesAsText("expr"));
        new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(MonitorExports.prometheusRules(
                MonitorConfig.defaults())).findValues("expr").forEach(e -> queries.add(e.asText()));
        List<String> names = new ArrayList<>();
        for (String query : queries) {
            Matcher metric = Pattern.compile("capstan_[a-z0-9_]*[a-z0-9]").matcher(query);
            while (metric.find()) {
                names.add(metric.group());
            }
        }
        assertThat(names).hasSizeGreaterThan(20).allSatisfy(n -> assertThat(scraped).containsPattern(
                "(?m)^" + n + "[{ ]"));
    }

    private String promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/promtool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
