package dev.capstan.cli.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code capstan exp run -S} and {@code exp show} on a real pipeline, recorded in a real SQLite tracking store. */
class ExpCommandTest {

    @TempDir
    Path dir;

    /** {@code capstan exp ... --tracking-uri DB}, and {@code --cd DIR} for {@code exp run}. */
    private Cli.Result capstan(String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(List.of("--tracking-uri", Cli.sqlite(dir.resolve("tracking.db"))));
        if (args[1].equals("run")) {
            command.addAll(List.of("--cd", dir.toString(), "--artifacts-destination", dir.resolve("artifacts").toString()));
        }
        Cli.Result result = Cli.run(command.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result;
    }

    @Test
    void experimentsSetParamsKeepCommentsAndCompareSideBySide() throws IOException {
        assertThat(Cli.run("init", "--no-scm", "--cd", dir.toString()).exitCode()).isZero();
        Files.writeString(dir.resolve("params.yaml"), "# training\ntrain:\n  lr: 0.1  # learning rate\n  epochs: 3\n");
        Files.writeString(dir.resolve("dvc.yaml"), """
                stages:
                  train:
                    cmd: echo "{\\"score\\":$(grep lr params.yaml | cut -d' ' -f4)}" > score.json
                    params: [train.lr]
                    metrics:
                    - score.json:
                        cache: false
                """);

        capstan("exp", "run", "-S", "train.lr=0.5", "--name", "half");
        assertThat(dir.resolve("params.yaml")).hasContent("# training\ntrain:\n  lr: 0.5  # learning rate\n  epochs: 3\n");
        capstan("exp", "run", "-S", "params.yaml:train.lr=0.25", "-n", "quarter");

        JsonNode experiments = capstan("exp", "show", "--json").json();
        assertThat(experiments).extracting(e -> e.get("name").asText()).containsExactly("quarter", "half");
        assertThat(experiments.get(0).get("params").get("train.lr").asText()).isEqualTo("0.25");
        assertThat(experiments.get(0).get("metrics").get("score").asDouble()).isEqualTo(0.25);
        assertThat(experiments.get(1).get("metrics").get("score").asDouble()).isEqualTo(0.5);
        assertThat(capstan("exp", "show").out()).contains("Experiment", "score", "train.lr", "quarter", "half");
    }

    @Test
    void aMalformedSetIsRefusedBeforeAnythingRuns() throws IOException {
        assertThat(Cli.run("init", "--no-scm", "--cd", dir.toString()).exitCode()).isZero();
        Files.writeString(dir.resolve("params.yaml"), "lr: 0.1\n");
        Files.writeString(dir.resolve("dvc.yaml"), "stages:\n  s:\n    cmd: echo ran > ran.txt\n    outs: [ran.txt]\n");

        Cli.Result result = Cli.run("exp", "run", "-S", "lr", "--cd", dir.toString(), "--tracking-uri",
                Cli.sqlite(dir.resolve("tracking.db")), "--artifacts-destination", dir.resolve("artifacts").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("-S expects [FILE:]KEY=VALUE, found 'lr'");
        assertThat(dir.resolve("ran.txt")).doesNotExist();
    }
}
