package dev.capstan.cli.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import dev.capstan.cli.Cli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code capstan quickstart --no-serve}, the README's main job, end to end on smaller replays: the pipeline's stages
 * run as real {@code capstan} processes (a launcher on PATH that runs this build), then the server, traffic, drift,
 * alerts and the policy's retraining, canary and promotion.
 */
class QuickstartCommandTest {

    @TempDir
    Path dir;

    @BeforeEach
    void launcher() throws Exception {
        Cli.launcherIn(dir.resolve("bin"));
    }

    @AfterEach
    void forget() {
        Cli.forgetLauncher();
    }

    @Test
    void theTourDetectsTheDriftAndRetrainsCanariesAndPromotesTheCandidate() throws Exception {
        Path project = dir.resolve("tour");
        Cli.Result tour = Cli.run("quickstart", "--dir", project.toString(), "--port", "0", "--rows", "300",
                "--no-serve");
        assertThat(tour.exitCode()).as(tour.out() + tour.err()).isZero();
        assertThat(tour.out()).contains("[1/9] Project", "[2/9] Pipeline", "Running stage 'ingest'",
                "Running stage 'validate'", "Running stage 'split'", "Running stage 'train'",
                "Running stage 'evaluate'", "Running stage 'gate'", "Running stage 'register'", "[4/9] Serve",
                "serves as models:/churn@champion", "[5/9] Traffic", "300 requests answered; 300 outcomes "
                        + "sent as feedback", "[6/9] Drift", "[7/9] Alerts", "dataset_drift", "[8/9] Retrain",
                "Retrain: dataset_drift", "repro ../dvc.yaml train (ingest ran, validate ran, split ran, train ran)",
                "no regression accuracy_score", "rollout ", "[9/9] Summary", "retraining: promoted, version 2",
                "Server stopped (--no-serve).");
        String afterDrift = tour.out().substring(tour.out().indexOf("[6/9] Drift"));
        assertThat(afterDrift).contains("Drift is detected for", "age", "purchase_amount", "the dataset drifted");
        assertThat(tour.out().substring(tour.out().indexOf("[5/9] Traffic"), tour.out().indexOf("[6/9] Drift")))
                .contains("no dataset drift");

        assertThat(project.resolve("reports/gates.json")).exists();
        Cli.Result history = Cli.run("runs", "list", "--experiment", "capstan-retrain/churn", "--json",
                "--tracking-uri", Cli.sqlite(project.resolve("capstan-data/capstan.db")));
        JsonNode runs = Json.MAPPER.readTree(history.out());
        assertThat(runs.toString()).contains("capstan.retrain.outcome", "promoted");
        JsonNode repros = Json.MAPPER.readTree(Cli.run("runs", "list", "--experiment", "pipelines", "--json",
                "--filter", "tags.mlflow.source.type = 'PIPELINE'", "--tracking-uri",
                Cli.sqlite(project.resolve("capstan-data/capstan.db"))).out());
        assertThat(repros.toString()).as("the tour's repro and the retraining's, as the pipelines page shows them")
                .contains("\"retrain repro\"", "\"repro\"", project.resolve("dvc.yaml").toString());

        Cli.Result again = Cli.run("quickstart", "--dir", project.toString(), "--port", "0", "--no-serve");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("is not empty");
    }
}
