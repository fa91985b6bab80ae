package dev.capstan.cli.registry;

import dev.capstan.cli.Cli;
import dev.capstan.registry.ModelRegistryStore;
import dev.capstan.registry.ModelRegistryStores;
import dev.capstan.tracking.Dataset;
import dev.capstan.tracking.DatasetInput;
import dev.capstan.tracking.GitSource;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.NewRun;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.RunInfo;
import dev.capstan.tracking.RunStatus;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.TrackingStores;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code models card} on a local store: a version trained by a run that logged code, data, params and metrics. */
class ModelCardCommandTest {

    private static final String COMMIT = "3f2a9c1d4b5e6f708192a3b4c5d6e7f809102a3b";

    @TempDir
    static Path dir;
    static String db;
    static RunInfo run;

    @BeforeAll
    static void trainAndRegister() throws IOException {
        db = Cli.sqlite(dir.resolve("db.sqlite"));
        try (TrackingStore store = TrackingStores.open(db)) {
            String experiment = store.createExperiment("card", dir.resolve("artifacts").toUri().toString(), List.of());
            run = store.createRun(new NewRun(experiment, "ana", "train", 1_000L, List.of(
                    new Tag(GitSource.COMMIT_TAG, COMMIT), new Tag(GitSource.DIRTY_TAG, "false"),
                    new Tag(GitSource.REPOSITORY_TAG, "https://git.example.com/risk/churn.git")))).info();
            store.logBatch(run.runId(), List.of(new Metric("val_auc", 0.9132, 2_000L, 9L)),
                    List.of(new Param("max_depth", "6"), new Param("eta", "0.3")), List.of());
            store.logInputs(run.runId(), List.of(new DatasetInput(List.of(new Tag("mlflow.data.context", "training")),
                    new Dataset("train", "8d777f38", "local", "{\"uri\": \"data/train.csv\"}", null, null))));
            store.updateRun(run.runId(), RunStatus.FINISHED, 3_000L, null);
        }
        copyTree(ModelPredictCommandTest.MODEL, Path.of(URI.create(run.artifactUri())).resolve("model"));
        assertThat(local("models", "register", "churn", "runs:/" + run.runId() + "/model").exitCode()).isZero();
        assertThat(local("models", "stage", "churn", "1", "Production").exitCode()).isZero();
    }

    @Test
    void cardShowsMetricsDataLineageApprovalsAndSignature() {
        Cli.Result result = local("models", "card", "churn", "1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        String card = result.out();
        assertThat(card).startsWith("# churn, version 1\n");
        assertThat(card).contains("| Owner | ana |", "| Stage | Production |", "| Flavors | python\\_function, xgboost |");
        assertThat(card).contains("## Metrics", "| val\\_auc | 0.9132 |");
        assertThat(card).contains("| train | training | 8d777f38 | {\"uri\": \"data/train.csv\"} |");
        assertThat(card).contains("| Code commit | " + COMMIT + " (clean) |",
                "| Code | https://git.example.com/risk/churn.git |", "| Run | " + run.runId() + " |");
        assertThat(card).contains("| max\\_depth | 6 |", "| eta | 0.3 |");
        assertThat(card).contains("| stage:Production | " + System.getProperty("user.name") + " |");
        assertThat(card).contains("### Inputs", "| f1 | double | yes |", "### Outputs");
    }

    @Test
    void ownerAndIntendedUseComeFromTags() throws IOException {
        assertThat(local("models", "register", "tagged", "runs:/" + run.runId() + "/model").exitCode()).isZero();
        try (ModelRegistryStore registry = ModelRegistryStores.open(db)) {
            registry.updateRegisteredModel("tagged", "Scores | churn <b>risk</b>");
            registry.setRegisteredModelTag("tagged", new Tag(ModelCard.OWNER_TAG, "risk-team"));
        }
        Path file = dir.resolve("cards/tagged.md");

        Cli.Result result = local("models", "card", "tagged", "1", "-o", file.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("Wrote the card of version 1 of model 'tagged'");
        String card = Files.readString(file);
        assertThat(card).contains("| Owner | risk-team |", "Scores \\| churn &lt;b&gt;risk&lt;/b&gt;", "_Not promoted yet._");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void unknownVersionOrModelExitsWithNotFound() {
        Cli.Result noVersion = local("models", "card", "churn", "9");
        Cli.Result noModel = local("models", "card", "nope", "1");
        Cli.Result badVersion = local("models", "card", "churn", "latest");

        assertThat(noVersion.exitCode()).isEqualTo(3);
        assertThat(noVersion.err()).contains("name=churn, version=9");
        assertThat(noModel.exitCode()).isEqualTo(3);
        assertThat(badVersion.exitCode()).isEqualTo(2);
        assertThat(badVersion.err()).contains("'version' must be a positive integer");
    }

    @Test
    void aVersionWhoseFilesAreGoneStillGetsACard() throws IOException {
        try (TrackingStore store = TrackingStores.open(db)) {
            String experiment = store.getExperimentByName("card").experimentId();
            String empty = store.createRun(new NewRun(experiment, "bo", "empty", null, List.of())).info().runId();
            assertThat(local("models", "register", "empty", "runs:/" + empty + "/model").exitCode()).isZero();
        }

        Cli.Result result = local("models", "card", "empty", "1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("_Unknown: its MLmodel could not be read", "_No metrics recorded",
                "| Code commit | not recorded |");
    }

    private static Cli.Result local(String... args) {
        return Cli.run(Stream.concat(Stream.of(args), Stream.of("--tracking-uri", db)).toArray(String[]::new));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
