package dev.capstan.cli;

import dev.capstan.tracking.ExperimentQuery;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.TrackingStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DbCommandTest {

    @TempDir
    Path dir;

    @Test
    void upgradeCreatesTheCurrentSchemaOnAFreshDatabase() {
        String uri = Cli.sqlite(dir.resolve("nested/fresh.db"));

        Cli.Result result = Cli.run("db", "upgrade", uri);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).matches("Schema of " + uri + " is at version \\S+\\R");
        try (TrackingStore store = TrackingStores.open(uri)) {
            assertThat(store.searchExperiments(ExperimentQuery.all()).items()).extracting("name").containsExactly("Default");
        }
    }

    @Test
    void upgradeIsIdempotent() {
        String uri = Cli.sqlite(dir.resolve("twice.db"));

        Cli.Result first = Cli.run("db", "upgrade", uri);
        Cli.Result second = Cli.run("db", "upgrade", uri);

        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
    }

    @Test
    void upgradeRefusesAServerUrl() {
        Cli.Result result = Cli.run("db", "upgrade", "http://127.0.0.1:5000");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("error: ").contains("database URI");
    }
}
