package dev.capstan.cli.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.cli.Cli;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.TrackingStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExperimentsCommandTest {

    @TempDir
    Path dir;
    String uri;

    @BeforeEach
    void database() {
        uri = Cli.sqlite(dir.resolve("db.sqlite"));
    }

    @Test
    void createdExperimentIsListedAsJson() {
        Cli.Result created = Cli.run("experiments", "create", "churn", "--tracking-uri", uri);
        Cli.Result listed = Cli.run("experiments", "list", "--json", "--tracking-uri", uri);

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).matches("Created experiment 'churn' with id \\d+\\R");
        assertThat(listed.exitCode()).isZero();
        assertThat(names(listed.json().path("experiments"))).containsExactlyInAnyOrder("Default", "churn");
        assertThat(listed.json().path("experiments").get(0).has("experiment_id")).isTrue();
    }

    @Test
    void listPrintsATable() {
        Cli.run("experiments", "create", "churn", "--artifact-location", dir.resolve("art").toString(), "--tracking-uri", uri);

        Cli.Result result = Cli.run("experiments", "list", "--tracking-uri", uri);

        assertThat(result.exitCode()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).matches("ID\\s+NAME\\s+STAGE\\s+CREATED\\s+ARTIFACT LOCATION");
        assertThat(lines).anyMatch(line -> line.matches("\\s*\\d+\\s+churn\\s+active\\s+.*art"));
    }

    @Test
    void viewSelectsDeletedExperiments() {
        Cli.run("experiments", "create", "old", "--tracking-uri", uri);
        try (TrackingStore store = TrackingStores.open(uri)) {
            store.deleteExperiment(store.getExperimentByName("old").experimentId());
        }

        assertThat(names(Cli.run("experiments", "list", "--json", "--view", "deleted", "--tracking-uri", uri)
                .json().path("experiments"))).containsExactly("old");
        assertThat(names(Cli.run("experiments", "list", "--json", "--tracking-uri", uri).json().path("experiments")))
                .containsExactly("Default");
        assertThat(names(Cli.run("experiments", "list", "--json", "--view", "ALL", "--tracking-uri", uri)
                .json().path("experiments"))).containsExactlyInAnyOrder("Default", "old");
    }

    @Test
    void unknownViewIsAUsageError() {
        Cli.Result result = Cli.run("experiments", "list", "--view", "archived", "--tracking-uri", uri);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("expected active, deleted or all, found 'archived'");
    }

    @Test
    void describeFindsAnExperimentByNameOrId() {
        Cli.run("experiments", "create", "churn", "--tracking-uri", uri);

        Cli.Result byName = Cli.run("experiments", "describe", "churn", "--json", "--tracking-uri", uri);
        String id = byName.json().path("experiment").path("experiment_id").asText();
        Cli.Result byId = Cli.run("experiments", "describe", id, "--tracking-uri", uri);

        assertThat(byName.json().path("experiment").path("name").asText()).isEqualTo("churn");
        assertThat(byId.exitCode()).isZero();
        assertThat(byId.out()).containsPattern("name\\s+churn").containsPattern("lifecycle stage\\s+active");
    }

    @Test
    void describeOfAnUnknownExperimentExitsWithNotFound() {
        Cli.Result result = Cli.run("experiments", "describe", "nope", "--tracking-uri", uri);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("error: No experiment has the id or name 'nope'; see `capstan experiments list`"
                + System.lineSeparator());
    }

    @Test
    void creatingADuplicateFailsWithoutAStackTrace() {
        Cli.run("experiments", "create", "churn", "--tracking-uri", uri);

        Cli.Result result = Cli.run("experiments", "create", "churn", "--tracking-uri", uri);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: ").contains("churn").doesNotContain("\tat ");
    }

    private static List<String> names(JsonNode experiments) {
        List<String> names = new ArrayList<>();
        experiments.forEach(e -> names.add(e.path("name").asText()));
        return names;
    }
}
