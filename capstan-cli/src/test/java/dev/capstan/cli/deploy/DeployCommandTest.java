package dev.capstan.cli.deploy;

import dev.capstan.cli.Cli;
import dev.capstan.registry.ModelRegistryStore;
import dev.capstan.registry.ModelRegistryStores;
import dev.capstan.registry.NewModelVersion;
import dev.capstan.server.CapstanServer;
import dev.capstan.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code capstan deploy} against a real server whose registry holds two versions of a real XGBoost model. */
class DeployCommandTest {

    private static final Path FIXTURE = Path.of("../capstan-ml/src/test/resources/models/xgb-binary-json/model");

    @TempDir
    static Path dir;
    static CapstanServer server;

    @BeforeAll
    static void start() throws IOException {
        String db = Cli.sqlite(dir.resolve("db.sqlite"));
        Path artifacts = dir.resolve("artifacts");
        try (ModelRegistryStore registry = ModelRegistryStores.open(db)) {
            for (int v = 1; v <= 2; v++) {
                copy(FIXTURE, artifacts.resolve("models/churn-" + v));
                registry.registerModelVersion(new NewModelVersion("churn", "mlflow-artifacts:/models/churn-" + v,
                        null, List.of(), null, null));
            }
            registry.setAlias("churn", "champion", "1");
        }
        server = CapstanServer.start(ServerConfig.defaults().withPort(0).withStores(db, artifacts.toString()));
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName().toString()));
            }
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Cli.Result deploy(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--server";
        all[args.length + 1] = server.url();
        String[] withCommand = new String[all.length + 1];
        withCommand[0] = "deploy";
        System.arraycopy(all, 0, withCommand, 1, all.length);
        return Cli.run(withCommand);
    }

    @Test
    void createsChangesAndDeletesACanaryWithItsHistory() throws IOException {
        Path file = dir.resolve("deploy.yaml");
        Files.writeString(file, "name: churn\nstrategy: canary\nprimary: models:/churn@champion\n"
                + "candidate: models:/churn/2\nweight: 10\n");
        Cli.Result created = deploy("create", "-f", file.toString(), "--reason", "first canary");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).containsPattern("status\\s+ACTIVE").containsPattern("candidate weight\\s+10 %");

        assertThat(deploy("set-weight", "churn", "40", "--reason", "looks fine").out())
                .containsPattern("candidate weight\\s+40 %");
        assertThat(deploy("list").out()).containsPattern("churn\\s+canary\\s+ACTIVE\\s+40 %\\s+1\\s+2");
        Cli.Result promoted = deploy("promote", "churn");
        assertThat(promoted.out()).containsPattern("status\\s+PROMOTED").contains("alias champion now names version 2");

        Cli.Result status = deploy("status", "churn");
        assertThat(status.out()).containsPattern("primary\\s+2\\s+models:/churn/2")
                .containsPattern("standby\\s+1\\s+models:/churn@champion")
                .containsPattern("create\\s+ACTIVE\\s+10 %\\s+first canary")
                .containsPattern("set-weight\\s+ACTIVE\\s+40 %\\s+looks fine");
        assertThat(deploy("status", "churn", "--json").json().path("events")).hasSize(3);

        assertThat(deploy("rollback", "churn").out()).containsPattern("status\\s+ROLLED_BACK")
                .containsPattern("primary version\\s+1");
        assertThat(deploy("delete", "churn").out()).contains("Deleted deployment churn");
        assertThat(deploy("list").out()).doesNotContainPattern("(?m)^churn ");
    }

    @Test
    void abFeedbackFromACsvFileShowsInTheStatus() throws Exception {
        Path file = dir.resolve("ab.yaml");
        Files.writeString(file, "name: ab\nstrategy: ab\nprimary: models:/churn/1\ncandidate: models:/churn/2\n"
                + "sticky_key: header:X-User\n");
        assertThat(deploy("create", "-f", file.toString()).exitCode()).isZero();
        StringBuilder csv = new StringBuilder("request_id,label\n");
        HttpClient http = HttpClient.newHttpClient();
        for (int user = 0; user < 20; user++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/models/ab/predict"))
                    .header("Content-Type", "application/json").header("X-User", "user" + user)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"features\": [" + "0.5,".repeat(29) + "0.5]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            csv.append(r.headers().firstValue("X-Request-Id").orElseThrow()).append(',').append(user % 2).append('\n');
        }
        csv.append("not-a-request,1\n");
        Path labels = dir.resolve("labels.csv");
        Files.writeString(labels, csv);
        Cli.Result sent = deploy("feedback", "ab", labels.toString());
        assertThat(sent.exitCode()).as(sent.err()).isZero();
        assertThat(sent.out()).contains("20 matched, 1 for unknown or forgotten requests, 0 refused");
        Cli.Result status = deploy("status", "ab");
        assertThat(status.out()).containsPattern("primary\\s+\\d+\\s+0\\.\\d{4}")
                .contains("two-proportion z-test, candidate against primary: statistic");
    }

    @Test
    void badFilesAndUnknownDeploymentsFailWithTheirExitCodes() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "name: x\nstrategy: canary\nprimary: models:/churn/1\n");
        Cli.Result bad = deploy("create", "-f", file.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("bad.yaml", "needs a candidate");
        Cli.Result missing = deploy("create", "-f", dir.resolve("none.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist");
        Cli.Result unknown = deploy("promote", "nope");
        assertThat(unknown.exitCode()).isEqualTo(3);
        assertThat(unknown.err()).contains("No deployment named 'nope'");
    }
}
