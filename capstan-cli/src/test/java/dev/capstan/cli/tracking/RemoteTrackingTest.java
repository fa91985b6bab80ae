package dev.capstan.cli.tracking;

import dev.capstan.cli.Cli;
import dev.capstan.server.CapstanServer;
import dev.capstan.server.ServerConfig;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.NewRun;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.TrackingStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The tracking commands against a real server on a random port, through {@code --tracking-uri http://...}. */
class RemoteTrackingTest {

    @TempDir
    static Path dir;
    static CapstanServer server;
    static String runId;

    @BeforeAll
    static void startServerAndLogThroughIt() {
        server = CapstanServer.start(ServerConfig.defaults().withPort(0)
                .withStores(Cli.sqlite(dir.resolve("db.sqlite")), dir.resolve("artifacts").toString()));
        try (TrackingStore store = TrackingStores.open(server.url())) {
            String experiment = store.createExperiment("remote", null, List.of());
            runId = store.createRun(new NewRun(experiment, "tester", "over-http", null, List.of())).info().runId();
            store.logBatch(runId, List.of(new Metric("rmse", 0.25, 1L, 0L)), List.of(new Param("alpha", "0.1")), List.of());
        }
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void listsRunsLoggedThroughTheServer() {
        Cli.Result result = Cli.run("runs", "list", "--tracking-uri", server.url(), "--experiment", "remote");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains(runId).containsPattern("over-http\\s+RUNNING\\s+.*0\\.25\\s+alpha=0\\.1");
    }

    @Test
    void createsAndListsExperimentsOnTheServer() {
        Cli.Result created = Cli.run("experiments", "create", "made-by-cli", "--tracking-uri", server.url());
        Cli.Result listed = Cli.run("experiments", "list", "--json", "--tracking-uri", server.url());

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(listed.json().path("experiments").findValuesAsText("name")).contains("remote", "made-by-cli");
    }

    @Test
    void describesARunAsJson() {
        Cli.Result result = Cli.run("runs", "describe", runId, "--json", "--tracking-uri", server.url());

        assertThat(result.json().path("run").path("data").path("metrics").get(0).path("key").asText()).isEqualTo("rmse");
    }

    @Test
    void serverErrorsKeepTheirExitCodes() {
        Cli.Result missing = Cli.run("runs", "describe", "nosuchrun", "--tracking-uri", server.url());
        Cli.Result badFilter = Cli.run("runs", "list", "--filter", "metrics.x >", "--tracking-uri", server.url());

        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).startsWith("error: ").contains("nosuchrun");
        assertThat(badFilter.exitCode()).isEqualTo(2);
        assertThat(badFilter.err()).startsWith("error: Invalid filter");
    }

    @Test
    void unreachableServerExitsWithUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Cli.Result result = Cli.run("runs", "list", "--tracking-uri", "http://127.0.0.1:" + closedPort);

        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.err()).startsWith("error: Cannot reach the tracking server");
    }
}
