package dev.capstan.cli.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.cli.Cli;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.NewRun;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.RunStatus;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.TrackingStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code capstan runs ...} against a real SQLite store. */
class RunsCommandTest {

    @TempDir
    Path dir;
    String uri;

    @BeforeEach
    void logRuns() {
        uri = Cli.sqlite(dir.resolve("db.sqlite"));
        try (TrackingStore store = TrackingStores.open(uri)) {
            String experiment = store.createExperiment("trees", null, List.of());
            logRun(store, experiment, "shallow", 2, 0.50);
            logRun(store, experiment, "medium", 4, 0.30);
            logRun(store, experiment, "deep", 8, 0.40);
        }
    }

    private static void logRun(TrackingStore store, String experiment, String name, int depth, double loss) {
        String id = store.createRun(new NewRun(experiment, "tester", name, 1_700_000_000_000L, List.of())).info().runId();
        store.logBatch(id, List.of(new Metric("loss", loss + 0.1, 1L, 0L), new Metric("loss", loss, 2L, 1L),
                        new Metric("accuracy", 1 - loss, 2L, 1L)),
                List.of(new Param("depth", Integer.toString(depth)), new Param("model", "tree")),
                List.of(new Tag("team", "ml")));
        store.updateRun(id, RunStatus.FINISHED, 1_700_000_060_000L, null);
    }

    @Test
    void listPrintsATableWithLatestMetricsAndParams() {
        Cli.Result result = Cli.run("runs", "list", "--experiment", "trees", "--tracking-uri", uri);

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).matches("RUN ID\\s+NAME\\s+STATUS\\s+STARTED\\s+accuracy\\s+loss\\s+PARAMS");
        assertThat(lines).anyMatch(line -> line.matches("[0-9a-f]{32}\\s+medium\\s+FINISHED\\s+\\S+ \\S+\\s+0\\.7\\s+0\\.3"
                + "\\s+depth=4 model=tree"));
    }

    @Test
    void listOrdersAndFiltersWithMlflowGrammar() {
        Cli.Result ordered = Cli.run("runs", "list", "-e", "trees", "--order-by", "metrics.loss ASC", "--json",
                "--tracking-uri", uri);
        Cli.Result filtered = Cli.run("runs", "list", "--filter", "params.depth = '8' AND metrics.loss < 1",
                "--json", "--tracking-uri", uri);

        assertThat(runNames(ordered.json())).containsExactly("medium", "deep", "shallow");
        assertThat(runNames(filtered.json())).containsExactly("deep");
    }

    @Test
    void orderedMetricComesFirstInTheTable() {
        Cli.Result result = Cli.run("runs", "list", "--order-by", "metrics.loss DESC", "--tracking-uri", uri);

        assertThat(result.out().lines().findFirst().orElseThrow()).matches(".*STARTED\\s+loss\\s+accuracy\\s+PARAMS");
        assertThat(result.out().lines().skip(1).findFirst().orElseThrow()).contains("shallow");
    }

    @Test
    void maxResultsSaysWhenThereAreMore() {
        Cli.Result result = Cli.run("runs", "list", "--max-results", "2", "--tracking-uri", uri);

        assertThat(result.out().lines()).hasSize(4)
                .last().isEqualTo("(showing the first 2 runs; raise --max-results to see more)");
    }

    @Test
    void describeShowsEverythingTheRunLogged() {
        String id = idOf("medium");

        Cli.Result text = Cli.run("runs", "describe", id, "--tracking-uri", uri);
        Cli.Result json = Cli.run("runs", "describe", id, "--json", "--tracking-uri", uri);

        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).containsPattern("run id\\s+" + id).containsPattern("status\\s+FINISHED")
                .containsPattern("duration\\s+1 min 0 s").contains("Params:", "Metrics (latest):", "Tags:")
                .containsPattern("depth\\s+4").containsPattern("loss\\s+0\\.3\\s+1").containsPattern("team\\s+ml");
        assertThat(json.json().path("run").path("info").path("run_name").asText()).isEqualTo("medium");
        assertThat(json.json().path("run").path("data").path("params")).hasSize(2);
    }

    @Test
    void deleteHidesTheRunFromLists() {
        String id = idOf("deep");

        Cli.Result deleted = Cli.run("runs", "delete", id, "--tracking-uri", uri);

        assertThat(deleted.out()).isEqualTo("Deleted run " + id + System.lineSeparator());
        assertThat(runNames(Cli.run("runs", "list", "--json", "--tracking-uri", uri).json()))
                .containsExactlyInAnyOrder("shallow", "medium");
        assertThat(Cli.run("runs", "describe", id, "--tracking-uri", uri).out()).containsPattern("lifecycle stage\\s+deleted");
    }

    @Test
    void unknownRunExitsWithNotFound() {
        Cli.Result result = Cli.run("runs", "describe", "nosuchrun", "--tracking-uri", uri);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).startsWith("error: ").contains("nosuchrun").doesNotContain("\tat ");
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void badFilterExitsWithInvalidInput() {
        Cli.Result result = Cli.run("runs", "list", "--filter", "metrics.x >", "--tracking-uri", uri);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("error: Invalid filter 'metrics.x >'");
    }

    @Test
    void badOrderByExitsWithInvalidInput() {
        Cli.Result result = Cli.run("runs", "list", "--order-by", "metrics.loss SIDEWAYS", "--tracking-uri", uri);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("error: Invalid order_by clause");
    }

    @Test
    void unknownExperimentExitsWithNotFound() {
        assertThat(Cli.run("runs", "list", "--experiment", "nope", "--tracking-uri", uri).exitCode()).isEqualTo(3);
    }

    @Test
    void emptyResultSaysSo() {
        Cli.Result result = Cli.run("runs", "list", "--experiment", "0", "--tracking-uri", uri);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("No runs found." + System.lineSeparator());
    }

    private String idOf(String runName) {
        Cli.Result result = Cli.run("runs", "list", "--filter", "attributes.run_name = '" + runName + "'", "--json",
                "--tracking-uri", uri);
        return result.json().path("runs").get(0).path("info").path("run_id").asText();
    }

    private static List<String> runNames(JsonNode response) {
        List<String> names = new ArrayList<>();
        response.path("runs").forEach(run -> names.add(run.path("info").path("run_name").asText()));
        return names;
    }
}
