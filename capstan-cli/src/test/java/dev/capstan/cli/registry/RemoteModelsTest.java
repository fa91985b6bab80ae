package dev.capstan.cli.registry;

import dev.capstan.cli.Cli;
import dev.capstan.server.CapstanServer;
import dev.capstan.server.ServerConfig;
import dev.capstan.tracking.NewRun;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.TrackingStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The model commands against a real server on a random port, through {@code --tracking-uri http://...}. */
class RemoteModelsTest {

    @TempDir
    static Path dir;
    static CapstanServer server;
    static String runId;

    @BeforeAll
    static void startServerAndLogARun() {
        server = CapstanServer.start(ServerConfig.defaults().withPort(0)
                .withStores(Cli.sqlite(dir.resolve("db.sqlite")), dir.resolve("artifacts").toString()));
        try (TrackingStore store = TrackingStores.open(server.url())) {
            String experiment = store.createExperiment("remote", null, List.of());
            runId = store.createRun(new NewRun(experiment, "tester", "over-http", null, List.of())).info().runId();
        }
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void registersPromotesAndResolvesThroughTheServer() {
        Cli.Result registered = remote("models", "register", "remote-churn", "runs:/" + runId + "/model", "--run-id", runId);
        Cli.Result staged = remote("models", "stage", "remote-churn", "1", "Production");
        Cli.Result aliased = remote("models", "alias", "remote-churn", "champion", "1");
        Cli.Result listed = remote("models", "list", "--filter", "name = 'remote-churn'");
        Cli.Result versions = remote("models", "versions", "remote-churn", "--json");
        Cli.Result uri = remote("models", "download-uri", "models:/remote-churn@champion");

        assertThat(registered.exitCode()).as(registered.err()).isZero();
        assertThat(registered.out()).startsWith("Registered version 1 of model 'remote-churn'");
        assertThat(staged.exitCode()).as(staged.err()).isZero();
        assertThat(aliased.exitCode()).as(aliased.err()).isZero();
        assertThat(listed.out()).containsPattern("remote-churn\\s+Production=1\\s+champion=1");
        assertThat(versions.json().path("model_versions").get(0).path("aliases").get(0).asText()).isEqualTo("champion");
        assertThat(uri.out().strip()).isEqualTo("mlflow-artifacts:/1/" + runId + "/artifacts/model");
    }

    @Test
    void serverErrorsKeepTheirExitCodes() {
        remote("models", "register", "remote-errors", "runs:/" + runId + "/model", "--run-id", runId);

        Cli.Result unknown = remote("models", "describe", "nope");
        Cli.Result reserved = remote("models", "alias", "remote-errors", "latest", "1");
        Cli.Result badSource = remote("models", "register", "remote-leak", "file:///etc", "--run-id", runId);

        assertThat(unknown.exitCode()).isEqualTo(3);
        assertThat(unknown.err()).isEqualTo("error: Registered Model with name=nope not found" + System.lineSeparator());
        assertThat(reserved.exitCode()).isEqualTo(2);
        assertThat(reserved.err()).startsWith("error: Invalid alias name 'latest'");
        assertThat(badSource.exitCode()).isEqualTo(2);
        assertThat(badSource.err()).startsWith("error: Invalid model version source 'file:///etc'");
        assertThat(remote("models", "describe", "remote-leak").exitCode()).isEqualTo(3);
    }

    private static Cli.Result remote(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--tracking-uri";
        all[args.length + 1] = server.url();
        return Cli.run(all);
    }
}
