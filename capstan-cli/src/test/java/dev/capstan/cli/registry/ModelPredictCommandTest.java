package dev.capstan.cli.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import dev.capstan.cli.Cli;
import dev.capstan.server.CapstanServer;
import dev.capstan.server.ServerConfig;
import dev.capstan.tracking.NewRun;
import dev.capstan.tracking.RunInfo;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.TrackingStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code models predict} and {@code models download}: on the xgb-binary-json fixture of capstan-ml, as a local
 * directory and as a registered version whose files went through a real server's proxied artifact API.
 */
class ModelPredictCommandTest {

    static final Path FIXTURE = Path.of("../capstan-ml/src/test/resources/models/xgb-binary-json");
    static final Path MODEL = FIXTURE.resolve("model");
    static final Path ROWS = FIXTURE.resolve("rows.csv");

    @TempDir
    static Path dir;
    static CapstanServer server;
    static JsonNode expected;

    @BeforeAll
    static void startServerAndRegisterTheFixture() throws Exception {
        expected = Json.MAPPER.readTree(FIXTURE.resolve("expected.json").toFile());
        server = CapstanServer.start(ServerConfig.defaults().withPort(0)
                .withStores(Cli.sqlite(dir.resolve("db.sqlite")), dir.resolve("artifacts").toString()));
        RunInfo run;
        try (TrackingStore store = TrackingStores.open(server.url())) {
            String experiment = store.createExperiment("predict", null, List.of());
            run = store.createRun(new NewRun(experiment, "tester", "xgb", null, List.of())).info();
        }
        uploadModel(run);
        Cli.Result registered = remote("models", "register", "xgb-binary", "runs:/" + run.runId() + "/model",
                "--run-id", run.runId());
        assertThat(registered.exitCode()).as(registered.err()).isZero();
        assertThat(remote("models", "alias", "xgb-binary", "champion", "1").exitCode()).isZero();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void predictsALocalModelDirectoryLikeXgboost() {
        Cli.Result result = Cli.run("models", "predict", MODEL.toString(), "--input", ROWS.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("label,probability_0,probability_1");
        assertThat(lines).hasSize(expected.path("n_rows").asInt() + 1);
        for (int r = 0; r < 10; r++) {
            String[] cells = lines.get(r + 1).split(",");
            assertThat(Long.parseLong(cells[0])).as("row %d", r).isEqualTo(expected.path("predict").get(r).asLong());
            assertThat(Double.parseDouble(cells[2])).as("row %d", r)
                    .isCloseTo(expected.path("predict_proba").get(r).get(1).asDouble(), within(1e-6));
        }
    }

    @Test
    void readsMlflowJsonAndWritesMlflowJsonToAFile() throws IOException {
        Path input = dir.resolve("rows.json");
        Files.writeString(input, splitJson(3));
        Path output = dir.resolve("out/predictions.json");

        Cli.Result result = Cli.run("models", "predict", MODEL.toString(), "--input", input.toString(),
                "--output", output.toString(), "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("Wrote 3 predictions to");
        JsonNode predictions = Json.MAPPER.readTree(output.toFile()).path("predictions");
        assertThat(predictions).hasSize(3);
        for (int r = 0; r < 3; r++) {
            assertThat(predictions.get(r).path("label").asLong()).isEqualTo(expected.path("predict").get(r).asLong());
            assertThat(predictions.get(r).path("probabilities").get(0).asDouble())
                    .isCloseTo(expected.path("predict_proba").get(r).get(0).asDouble(), within(1e-6));
        }
    }

    @Test
    void predictsARegisteredVersionThroughTheServer() {
        Cli.Result result = remote("models", "predict", "models:/xgb-binary@champion", "--input", ROWS.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<Long> labels = result.out().lines().skip(1).map(line -> Long.parseLong(line.split(",")[0])).toList();
        List<Long> wanted = Stream.iterate(0, i -> i + 1).limit(expected.path("n_rows").asInt())
                .map(i -> expected.path("predict").get(i).asLong()).toList();
        assertThat(labels).isEqualTo(wanted);
    }

    @Test
    void downloadsARegisteredVersionThroughTheServerAndFromTheLocalStore() throws IOException {
        Path viaServer = dir.resolve("via-server");
        Path viaDb = dir.resolve("via-db");

        Cli.Result remote = remote("models", "download", "models:/xgb-binary@champion", "-o", viaServer.toString());
        Cli.Result local = Cli.run("models", "download", "models:/xgb-binary/1", "-o", viaDb.toString(),
                "--tracking-uri", Cli.sqlite(dir.resolve("db.sqlite")),
                "--artifacts-destination", dir.resolve("artifacts").toString());

        assertThat(remote.exitCode()).as(remote.err()).isZero();
        assertThat(remote.out().strip()).isEqualTo("Downloaded version 1 of model 'xgb-binary' to "
                + viaServer.toAbsolutePath());
        assertThat(local.exitCode()).as(local.err()).isZero();
        for (Path copy : List.of(viaServer, viaDb)) {
            assertThat(files(copy)).isEqualTo(files(MODEL));
            for (String name : files(MODEL)) {
                assertThat(copy.resolve(name)).hasSameBinaryContentAs(MODEL.resolve(name));
            }
        }
    }

    @Test
    void cardOfARegisteredVersionReadsItsSignatureThroughTheServer() {
        Cli.Result result = remote("models", "card", "xgb-binary", "1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("| Aliases | champion |", "| f1 | double | yes |",
                "| alias:champion | anonymous |", "| Owner | tester |");
    }

    @Test
    void aMissingRequiredColumnIsInvalidInputNamingIt() throws IOException {
        Path input = dir.resolve("no-f1.csv");
        Files.write(input, Files.readAllLines(ROWS).stream().map(ModelPredictCommandTest::withoutSecondCell).toList());

        Cli.Result local = Cli.run("models", "predict", MODEL.toString(), "--input", input.toString());
        Cli.Result viaServer = remote("models", "predict", "models:/xgb-binary@champion", "--input", input.toString());

        for (Cli.Result result : List.of(local, viaServer)) {
            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).startsWith("error: Column 'f1' is required by the model signature");
            assertThat(result.out()).isEmpty();
        }
    }

    @Test
    void anUnknownModelOrInputIsReported() {
        Cli.Result unknownModel = remote("models", "predict", "models:/nope@champion", "--input", ROWS.toString());
        Cli.Result noDir = Cli.run("models", "predict", dir.resolve("nowhere").toString(), "--input", ROWS.toString());
        Cli.Result noInput = Cli.run("models", "predict", MODEL.toString(), "--input", "nowhere.csv");

        assertThat(unknownModel.exitCode()).isEqualTo(3);
        assertThat(noDir.exitCode()).isEqualTo(2);
        assertThat(noDir.err()).contains("neither a models:/ URI nor a directory");
        assertThat(noInput.exitCode()).isEqualTo(2);
        assertThat(noInput.err()).contains("nowhere.csv does not exist");
    }

    /** PUTs each file of the fixture model, as an MLflow client logging the model through the server would. */
    private static void uploadModel(RunInfo run) throws Exception {
        String runPath = URI.create(run.artifactUri()).getPath().replaceFirst("^/+", "");
        HttpClient http = HttpClient.newHttpClient();
        for (String name : files(MODEL)) {
            URI uri = URI.create(server.url() + "/api/2.0/mlflow-artifacts/artifacts/" + runPath + "/model/" + name);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                    .PUT(HttpRequest.BodyPublishers.ofFile(MODEL.resolve(name))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    private static String splitJson(int rows) throws IOException {
        List<String> lines = Files.readAllLines(ROWS, StandardCharsets.UTF_8);
        String columns = Stream.of(lines.get(0).split(",")).map(c -> '"' + c + '"').collect(Collectors.joining(","));
        String data = lines.subList(1, rows + 1).stream()
                .map(line -> "[" + Stream.of(line.split(",", -1)).map(c -> c.isEmpty() ? "null" : c)
                        .collect(Collectors.joining(",")) + "]")
                .collect(Collectors.joining(","));
        return "{\"dataframe_split\": {\"columns\": [" + columns + "], \"data\": [" + data + "]}}";
    }

    private static String withoutSecondCell(String line) {
        String[] cells = line.split(",", -1);
        StringBuilder out = new StringBuilder(cells[0]);
        for (int i = 2; i < cells.length; i++) {
            out.append(',').append(cells[i]);
        }
        return out.toString();
    }

    private static Cli.Result remote(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--tracking-uri";
        all[args.length + 1] = server.url();
        return Cli.run(all);
    }
}
