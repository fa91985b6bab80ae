package dev.capstan.cli.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.cli.Cli;
import dev.capstan.data.internal.Md5;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.NewRun;
import dev.capstan.tracking.Run;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.TrackingStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TrainCommandTest {

    @TempDir
    Path dir;

    private void project() throws IOException {
        Random random = new Random(5);
        List<String> lines = new ArrayList<>(List.of("id,x,size,colour,label"));
        String[] colours = {"red", "green", "blue"};
        for (int i = 0; i < 1500; i++) {
            double x = random.nextGaussian();
            String colour = colours[random.nextInt(3)];
            double score = x + (colour.equals("red") ? 0.8 : 0) + random.nextGaussian() * 0.7;
            lines.add(i + "," + x + "," + random.nextInt(100) + "," + colour + "," + (score > 0.3 ? "good" : "bad"));
        }
        Files.write(dir.resolve("items.csv"), lines);
        Files.writeString(dir.resolve("train.yaml"), """
                data: {path: items.csv, target: label, exclude: [id]}
                split: {validation: 0.2, test: 0.2, seed: 3}
                preprocessing:
                  - scale: {columns: [x, size], method: minmax}
                  - one_hot: {columns: [colour], handle_unknown: ignore}
                model: {type: xgboost_classifier, params: {max_depth: 3}, rounds: 200, early_stopping: 5}
                output: model
                """);
    }

    @Test
    void trainRecordsTheRunWithItsHistoryDataVersionAndModelAndRegistersIt() throws IOException {
        project();
        String uri = Cli.sqlite(dir.resolve("tracking.db"));

        Cli.Result result = Cli.run("train", "--config", dir.resolve("train.yaml").toString(), "--tracking-uri", uri,
                "--artifacts-destination", dir.resolve("artifacts").toString(), "--register", "items", "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode outcome = result.json();
        assertThat(outcome.get("registered_version").asText()).isEqualTo("1");
        assertThat(outcome.get("test").get("roc_auc").asDouble()).isGreaterThan(0.7);
        String runId = outcome.get("run_id").asText();
        try (TrackingStore store = TrackingStores.open(uri)) {
            Run run = store.getRun(runId);
            assertThat(run.data().params()).anySatisfy(p -> assertThat(p.key()).isEqualTo("max_depth"));
            List<Metric> history = store.getMetricHistory(runId, "validation_logloss", null, null).items();
            assertThat(history).hasSize(outcome.get("rounds").asInt());
            assertThat(history).extracting(Metric::step).startsWith(0L, 1L, 2L);
            assertThat(run.inputs().datasetInputs()).singleElement().satisfies(input ->
                    assertThat(input.dataset().digest()).isEqualTo(md5(dir.resolve("items.csv"))));
            assertThat(run.data().metrics()).anySatisfy(m -> assertThat(m.key()).isEqualTo("test_accuracy_score"));
        }
        Path artifacts;
        try (var found = Files.walk(dir.resolve("artifacts"))) {
            artifacts = found.filter(p -> p.endsWith("MLmodel")).findFirst().orElseThrow().getParent().getParent();
        }
        assertThat(artifacts.resolve("feature_importance.json")).exists();
        assertThat(artifacts.resolve("evaluation/roc_curve.json")).exists();
        assertThat(artifacts.resolve("evaluation/roc_curve.png")).exists();
        assertThat(artifacts.resolve("evaluation/confusion_matrix.png")).exists();
        assertThat(artifacts.resolve("feature_importance.png")).exists();
        assertThat(dir.resolve("model/MLmodel")).exists();
    }

    private static String md5(Path file) {
        try {
            return Md5.of(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void evaluateMeasuresAModelOverallAndPerSliceAndLogsToARun() throws IOException {
        project();
        assertThat(Cli.run("train", "--config", dir.resolve("train.yaml").toString(), "--no-track").exitCode())
                .isZero();
        String uri = Cli.sqlite(dir.resolve("tracking.db"));
        String runId;
        try (TrackingStore store = TrackingStores.open(uri)) {
            String experiment = store.createExperiment("evaluation", null, List.of());
            runId = store.createRun(new NewRun(experiment, "test", "evaluate", System.currentTimeMillis(), List.of()))
                    .info().runId();
        }

        Cli.Result result = Cli.run("evaluate", dir.resolve("model").toString(), "--data",
                dir.resolve("items.csv").toString(), "--target", "label", "--slice-by", "colour", "--json",
                "--tracking-uri", uri, "--run-id", runId);

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode report = result.json();
        assertThat(report.get("rows").asInt()).isEqualTo(1500);
        assertThat(report.get("labels")).extracting(JsonNode::asText).containsExactly("bad", "good");
        assertThat(report.get("metrics").get("roc_auc").asDouble()).isBetween(0.7, 1.0);
        assertThat(report.get("slices").fieldNames()).toIterable().containsExactly("blue", "green", "red");
        int sliced = 0;
        for (JsonNode slice : report.get("slices")) {
            sliced += slice.get("example_count").asInt();
        }
        assertThat(sliced).isEqualTo(1500);
        try (TrackingStore store = TrackingStores.open(uri)) {
            assertThat(store.getRun(runId).data().metrics()).extracting(Metric::key)
                    .contains("roc_auc", "slice_colour_red_accuracy_score");
        }

        Cli.Result parquet = Cli.run("evaluate", dir.resolve("model").toString(), "--data",
                parquetCopy(dir.resolve("items.csv")).toString(), "--target", "label", "--json");
        assertThat(parquet.exitCode()).as(parquet.err()).isZero();
        assertThat(parquet.json().get("metrics")).isEqualTo(report.get("metrics"));

        Cli.Result missing = Cli.run("evaluate", dir.resolve("model").toString(), "--data",
                dir.resolve("items.csv").toString(), "--target", "labl");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("the target column 'labl' is not in the data");
    }

    /** The CSV as Parquet, written by DuckDB with the types it infers (ids and sizes as BIGINT). */
    private static Path parquetCopy(Path csv) {
        Path parquet = csv.resolveSibling(csv.getFileName().toString().replace(".csv", ".parquet"));
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT * FROM read_csv_auto('" + csv + "')) TO '" + parquet
                    + "' (FORMAT PARQUET)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return parquet;
    }

    @Test
    void gatesPassOrFailWithWhatWasObservedAndTheExitCodeSaysWhich() throws IOException {
        project();
        assertThat(Cli.run("train", "--config", dir.resolve("train.yaml").toString(), "--no-track").exitCode())
                .isZero();
        Files.write(dir.resolve("holdout.csv"), Files.readAllLines(dir.resolve("items.csv")).subList(0, 301));
        Files.writeString(dir.resolve("pass.yaml"), """
                data: {path: holdout.csv, target: label}
                metrics: {roc_auc: {min: 0.6}, log_loss: {max: 2}}
                reference: {model: model, metrics: [roc_auc, log_loss], tolerance: 0}
                latency: {p99_ms: 50, requests: 300}
                size: {max_mb: 10}
                data_checks: {min_class_share: 0.05}
                """);
        Files.writeString(dir.resolve("fail.yaml"), """
                data: {path: holdout.csv, target: label}
                metrics: {roc_auc: {min: 0.999}}
                data_checks: {train: items.csv, key: id}
                """);

        Cli.Result passed = Cli.run("gate", "--config", dir.resolve("pass.yaml").toString(),
                dir.resolve("model").toString(), "--json");
        assertThat(passed.exitCode()).as(passed.out()).isZero();
        assertThat(passed.json().get("gates")).hasSize(7).allSatisfy(g -> assertThat(g.get("passed").asBoolean())
                .isTrue());

        Cli.Result failed = Cli.run("gate", "--config", dir.resolve("fail.yaml").toString(),
                dir.resolve("model").toString());
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.out()).contains("metric roc_auc", ">= 0.999", "FAIL")
                .contains("no leakage of id from training", "300 rows share a key").contains("FAILED: 0 of 2");
    }

    @Test
    void aBadConfigIsAnErrorNamingTheLine() throws IOException {
        project();
        Files.writeString(dir.resolve("bad.yaml"), "data: {path: items.csv, target: label}\nmodel: {type: svm}\n");
        Cli.Result result = Cli.run("train", "--config", dir.resolve("bad.yaml").toString(), "--no-track");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("bad.yaml:2: unknown model type 'svm'");
    }
}
