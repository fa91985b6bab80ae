package dev.capstan.cli.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.cli.Cli;
import dev.capstan.tracking.NewRun;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.TrackingStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code capstan models ...} against a real SQLite store. */
class ModelsCommandTest {

    @TempDir
    Path dir;
    String uri;
    String runId;
    String artifactUri;

    @BeforeEach
    void logRun() {
        uri = Cli.sqlite(dir.resolve("db.sqlite"));
        try (TrackingStore store = TrackingStores.open(uri)) {
            String experiment = store.createExperiment("churn", dir.resolve("artifacts").toString(), List.of());
            var run = store.createRun(new NewRun(experiment, "tester", "train", 1_700_000_000_000L, List.of()));
            runId = run.info().runId();
            artifactUri = run.info().artifactUri();
        }
    }

    @Test
    void registerCreatesTheModelAndPrintsTheVersion() {
        Cli.Result first = register("churn", "--description", "baseline");
        Cli.Result second = Cli.run("models", "register", "churn", "runs:/" + runId + "/model", "--run-id", runId,
                "--json", "--tracking-uri", uri);

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("Registered version 1 of model 'churn'")
                .containsPattern("stage\\s+None").containsPattern("description\\s+baseline")
                .containsPattern("source\\s+runs:/" + runId + "/model").containsPattern("run id\\s+" + runId);
        assertThat(second.json().path("model_version").path("version").asText()).isEqualTo("2");
        assertThat(second.json().path("model_version").path("current_stage").asText()).isEqualTo("None");
    }

    @Test
    void registerRefusesASourceOutsideTheArtifactStoreAndLeavesNoModel() {
        Cli.Result result = Cli.run("models", "register", "leak", "file:///etc", "--run-id", runId, "--tracking-uri", uri);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("error: Invalid model version source 'file:///etc'").doesNotContain("\tat ");
        assertThat(Cli.run("models", "describe", "leak", "--tracking-uri", uri).exitCode()).isEqualTo(3);
    }

    @Test
    void listShowsLatestVersionsPerStageAndAliases() {
        register("churn");
        register("churn");
        register("fraud");
        Cli.run("models", "stage", "churn", "1", "Production", "--tracking-uri", uri);
        Cli.run("models", "alias", "churn", "champion", "1", "--tracking-uri", uri);

        Cli.Result result = Cli.run("models", "list", "--tracking-uri", uri);

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).matches("NAME\\s+LATEST VERSIONS\\s+ALIASES\\s+UPDATED");
        assertThat(lines.get(1)).matches("churn\\s+None=2 Production=1\\s+champion=1\\s+\\S+ \\S+");
        assertThat(lines.get(2)).matches("fraud\\s+None=1\\s+\\S+ \\S+");
    }

    @Test
    void listFiltersPagesAndPrintsJson() {
        register("churn");
        register("fraud");

        Cli.Result filtered = Cli.run("models", "list", "--filter", "name LIKE 'fr%'", "--json", "--tracking-uri", uri);
        Cli.Result firstPage = Cli.run("models", "list", "--max-results", "1", "--tracking-uri", uri);
        Cli.Result badFilter = Cli.run("models", "list", "--filter", "flavor = 'x'", "--tracking-uri", uri);

        assertThat(filtered.json().path("registered_models")).hasSize(1);
        assertThat(filtered.json().path("registered_models").get(0).path("name").asText()).isEqualTo("fraud");
        assertThat(firstPage.out()).contains("churn").doesNotContain("fraud")
                .contains("(showing the first 1 models; raise --max-results to see more)");
        assertThat(badFilter.exitCode()).isEqualTo(2);
        assertThat(badFilter.err()).startsWith("error: Invalid search key 'flavor'");
    }

    @Test
    void listOfAnEmptyRegistrySaysSo() {
        assertThat(Cli.run("models", "list", "--tracking-uri", uri).out()).isEqualTo("No registered models found."
                + System.lineSeparator());
    }

    @Test
    void describeShowsOneModel() {
        register("churn");
        Cli.run("models", "alias", "churn", "champion", "1", "--tracking-uri", uri);

        Cli.Result text = Cli.run("models", "describe", "churn", "--tracking-uri", uri);
        Cli.Result json = Cli.run("models", "describe", "churn", "--json", "--tracking-uri", uri);

        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).containsPattern("name\\s+churn").containsPattern("latest versions\\s+None=1")
                .containsPattern("aliases\\s+champion=1");
        assertThat(json.json().path("registered_model").path("aliases").get(0).path("alias").asText())
                .isEqualTo("champion");
    }

    @Test
    void describeOfAnUnknownModelExitsWithNotFound() {
        Cli.Result result = Cli.run("models", "describe", "nope", "--tracking-uri", uri);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("error: Registered Model with name=nope not found" + System.lineSeparator());
    }

    @Test
    void versionsListsNewestFirst() {
        register("churn");
        register("churn");
        Cli.run("models", "stage", "churn", "2", "Staging", "--tracking-uri", uri);
        Cli.run("models", "alias", "churn", "challenger", "2", "--tracking-uri", uri);

        Cli.Result result = Cli.run("models", "versions", "churn", "--tracking-uri", uri);
        Cli.Result json = Cli.run("models", "versions", "churn", "--json", "--tracking-uri", uri);

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).matches("VERSION\\s+STAGE\\s+ALIASES\\s+RUN ID\\s+SOURCE\\s+CREATED");
        assertThat(lines.get(1)).matches("\\s+2\\s+Staging\\s+challenger\\s+" + runId + "\\s+runs:/\\S+/model\\s+.*");
        assertThat(lines.get(2)).matches("\\s+1\\s+None\\s+" + runId + "\\s+runs:/\\S+/model\\s+.*");
        assertThat(json.json().path("model_versions").findValuesAsText("version")).containsExactly("2", "1");
    }

    @Test
    void versionsOfAModelWithAQuoteInItsName() {
        register("it's");

        JsonNode versions = Cli.run("models", "versions", "it's", "--json", "--tracking-uri", uri).json();

        assertThat(versions.path("model_versions").findValuesAsText("name")).containsExactly("it's");
    }

    @Test
    void versionsOfAnUnknownModelExitsWithNotFound() {
        Cli.Result result = Cli.run("models", "versions", "nope", "--tracking-uri", uri);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).startsWith("error: ").contains("nope");
    }

    @Test
    void aliasPointsAtAVersionAndCanBeDeleted() {
        register("churn");
        register("churn");

        Cli.Result set = Cli.run("models", "alias", "churn", "champion", "2", "--tracking-uri", uri);
        String resolved = Cli.run("models", "download-uri", "models:/churn@champion", "--tracking-uri", uri).out();
        Cli.Result deleted = Cli.run("models", "alias", "churn", "champion", "--delete", "--tracking-uri", uri);
        Cli.Result gone = Cli.run("models", "download-uri", "models:/churn@champion", "--tracking-uri", uri);

        assertThat(set.out()).isEqualTo("Alias 'champion' of model 'churn' now points at version 2 "
                + "(models:/churn@champion)" + System.lineSeparator());
        assertThat(resolved.strip()).isEqualTo(artifactUri + "/model");
        assertThat(deleted.out()).startsWith("Deleted alias 'champion' of model 'churn'");
        assertThat(gone.exitCode()).isEqualTo(3);
    }

    @Test
    void reservedAliasIsInvalid() {
        register("churn");

        Cli.Result result = Cli.run("models", "alias", "churn", "latest", "1", "--tracking-uri", uri);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("error: Invalid alias name 'latest': 'latest' and 'v<number>' are reserved"
                + System.lineSeparator());
    }

    @Test
    void aliasNeedsEitherAVersionOrDelete() {
        Cli.Result neither = Cli.run("models", "alias", "churn", "champion", "--tracking-uri", uri);
        Cli.Result both = Cli.run("models", "alias", "churn", "champion", "1", "--delete", "--tracking-uri", uri);

        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).startsWith("Missing VERSION");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).startsWith("Give either VERSION or --delete, not both");
    }

    @Test
    void aliasOfAnUnknownModelExitsWithNotFound() {
        Cli.Result result = Cli.run("models", "alias", "nope", "champion", "1", "--tracking-uri", uri);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).startsWith("error: Model Version (name=nope, version=1) not found");
    }

    @Test
    void stageMovesAVersionAndCanArchiveTheIncumbent() {
        register("churn");
        register("churn");
        Cli.run("models", "stage", "churn", "1", "production", "--tracking-uri", uri);

        Cli.Result moved = Cli.run("models", "stage", "churn", "2", "Production", "--archive-existing",
                "--tracking-uri", uri);
        JsonNode versions = Cli.run("models", "versions", "churn", "--json", "--tracking-uri", uri).json();

        assertThat(moved.out()).isEqualTo("Version 2 of model 'churn' is now in stage Production" + System.lineSeparator());
        assertThat(versions.path("model_versions").findValuesAsText("current_stage")).containsExactly("Production",
                "Archived");
    }

    @Test
    void stagePrintsJson() {
        register("churn");

        Cli.Result result = Cli.run("models", "stage", "churn", "1", "Staging", "--json", "--tracking-uri", uri);

        assertThat(result.json().path("model_version").path("current_stage").asText()).isEqualTo("Staging");
    }

    @Test
    void unknownStageIsInvalid() {
        register("churn");

        Cli.Result result = Cli.run("models", "stage", "churn", "1", "Prod", "--tracking-uri", uri);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("error: Invalid Model Version stage: 'Prod'");
    }

    @Test
    void stageOfAnUnknownVersionExitsWithNotFound() {
        register("churn");

        Cli.Result result = Cli.run("models", "stage", "churn", "7", "Staging", "--tracking-uri", uri);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).startsWith("error: Model Version (name=churn, version=7) not found");
    }

    @Test
    void downloadUriResolvesVersionsStagesAndLatest() {
        register("churn");
        Cli.run("models", "register", "churn", "runs:/" + runId + "/other", "--run-id", runId, "--tracking-uri", uri);
        Cli.run("models", "stage", "churn", "1", "Production", "--tracking-uri", uri);

        assertThat(downloadUri("models:/churn/1")).isEqualTo(artifactUri + "/model");
        assertThat(downloadUri("models:/churn/Production")).isEqualTo(artifactUri + "/model");
        assertThat(downloadUri("models:/churn/latest")).isEqualTo(artifactUri + "/other");
        assertThat(Cli.run("models", "download-uri", "models:/churn/2", "--json", "--tracking-uri", uri).json()
                .path("artifact_uri").asText()).isEqualTo(artifactUri + "/other");
    }

    @Test
    void downloadUriOfABadOrUnknownModelUri() {
        register("churn");

        Cli.Result bad = Cli.run("models", "download-uri", "churn/1", "--tracking-uri", uri);
        Cli.Result unknown = Cli.run("models", "download-uri", "models:/nope/1", "--tracking-uri", uri);
        Cli.Result noStaging = Cli.run("models", "download-uri", "models:/churn/Staging", "--tracking-uri", uri);

        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).startsWith("error: Invalid model URI 'churn/1'");
        assertThat(unknown.exitCode()).isEqualTo(3);
        assertThat(noStaging.exitCode()).isEqualTo(3);
        assertThat(noStaging.err()).isEqualTo("error: Registered model 'churn' has no version in stage Staging"
                + System.lineSeparator());
    }

    private Cli.Result register(String name, String... options) {
        String[] args = {"models", "register", name, "runs:/" + runId + "/model", "--run-id", runId, "--tracking-uri", uri};
        String[] all = Stream.concat(List.of(args).stream(), List.of(options).stream())
                .toArray(String[]::new);
        Cli.Result result = Cli.run(all);
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result;
    }

    private String downloadUri(String modelUri) {
        Cli.Result result = Cli.run("models", "download-uri", modelUri, "--tracking-uri", uri);
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result.out().strip();
    }
}
