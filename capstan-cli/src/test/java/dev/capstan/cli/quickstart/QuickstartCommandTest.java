package dev.capstan.cli.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import dev.capstan.cli.Cli;
import dev.capstan.tracking.Experiment;
import dev.capstan.tracking.Run;
import dev.capstan.tracking.RunQuery;
import dev.capstan.tracking.RunStatus;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.TrackingStores;
import dev.capstan.tracking.ViewType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code capstan quickstart --no-wait}: a real server on a free port, the demo logged over HTTP into a temp dir. */
class QuickstartCommandTest {

    @TempDir
    Path dataDir;

    @Test
    void logsTheDemoExperimentThroughTheServer() throws IOException {
        Cli.Result result = Cli.run("quickstart", "--no-wait", "--port", "0", "--data-dir", dataDir.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Tracking server running at http://127.0.0.1:",
                "Logging demo runs: 80/80 (100%)", "Logged 4 runs to experiment 'quickstart'",
                "runs list --tracking-uri http://127.0.0.1:", "--experiment quickstart",
                "export MLFLOW_TRACKING_URI=http://127.0.0.1:", "Server stopped (--no-wait).");
        try (TrackingStore store = TrackingStores.open(Cli.sqlite(dataDir.resolve("capstan.db")))) {
            List<Run> runs = runs(store);
            assertThat(runs).hasSize(4).allMatch(run -> run.info().status() == RunStatus.FINISHED);
            Run best = runs.get(0);
            assertThat(store.getMetricHistory(best.info().runId(), "val_accuracy", null, null).items())
                    .hasSize(ToyTraining.EPOCHS);
            assertThat(best.info().runName()).isIn("logreg-d2-lr0.5", "logreg-d3-lr1.0");
            assertThat(best.inputs().datasetInputs()).singleElement()
                    .satisfies(input -> assertThat(input.dataset().name()).isEqualTo("circle"));
            JsonNode summary = Json.MAPPER.readTree(dataDir.resolve("artifacts").resolve(
                    best.info().artifactUri().replaceFirst("^mlflow-artifacts:/+", "")).resolve("summary.json").toFile());
            assertThat(summary.path("run_name").asText()).isEqualTo(best.info().runName());
            assertThat(summary.path("final_epoch").path("epoch").asInt()).isEqualTo(ToyTraining.EPOCHS);
        }
    }

    @Test
    void reusesTheExperimentAndMovesOffATakenPort() throws IOException {
        Cli.run("quickstart", "--no-wait", "--port", "0", "--data-dir", dataDir.toString());
        Cli.Result second;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            second = Cli.run("quickstart", "--no-wait", "--port", Integer.toString(taken.getLocalPort()),
                    "--data-dir", dataDir.toString());
        }

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("is in use; using a free port instead.", "Logged 4 runs");
        try (TrackingStore store = TrackingStores.open(Cli.sqlite(dataDir.resolve("capstan.db")))) {
            assertThat(runs(store)).hasSize(8);
        }
    }

    private static List<Run> runs(TrackingStore store) {
        Experiment experiment = store.getExperimentByName("quickstart");
        return store.searchRuns(new RunQuery(List.of(experiment.experimentId()), null, ViewType.ACTIVE_ONLY, 100,
                List.of("metrics.val_accuracy DESC"), null)).items();
    }
}
