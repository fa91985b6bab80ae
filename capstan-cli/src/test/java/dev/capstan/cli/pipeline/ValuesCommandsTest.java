package dev.capstan.cli.pipeline;

import dev.capstan.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code capstan status}, {@code params diff} and {@code metrics show|diff} in a real git repository. */
class ValuesCommandsTest {

    @TempDir
    Path dir;

    private static final String DVC_YAML = """
            stages:
              train:
                cmd: echo "{\\"acc\\":$(grep lr params.yaml | cut -d' ' -f2),\\"n\\":3}" > scores.json
                params: [lr]
                metrics:
                - scores.json:
                    cache: false
            """;

    private Cli.Result capstan(String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(List.of("--cd", dir.toString()));
        if (args[0].equals("repro")) {
            command.add("--no-track");
        }
        Cli.Result result = Cli.run(command.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result;
    }

    private void git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.email=t@example.org",
                "-c", "user.name=t"));
        command.addAll(List.of(args));
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
    }

    @Test
    void statusThenParamsAndMetricsAgainstTheLastCommit() throws Exception {
        git("init", "-q");
        assertThat(Cli.run("init", "--cd", dir.toString()).exitCode()).isZero();
        Files.writeString(dir.resolve("params.yaml"), "lr: 0.5\n");
        Files.writeString(dir.resolve("dvc.yaml"), DVC_YAML);

        assertThat(capstan("status").out()).contains("train:", "never run");
        capstan("repro");
        assertThat(capstan("status").out()).contains("Data and pipelines are up to date.");
        git("add", "-A");
        git("commit", "-q", "-m", "first");

        Files.writeString(dir.resolve("params.yaml"), "lr: 0.75\n");
        assertThat(capstan("status", "--json").json().get("train").get(0).asText())
                .isEqualTo("modified param: params.yaml: lr");
        assertThat(capstan("params", "diff").out()).contains("params.yaml", "lr", "0.5", "0.75");
        capstan("repro");

        assertThat(capstan("metrics", "show").out()).contains("scores.json", "acc", "0.75", "n");
        assertThat(capstan("metrics", "show", "--json").json().get("scores.json").get("acc").asDouble()).isEqualTo(0.75);
        Cli.Result diff = capstan("metrics", "diff", "--json");
        assertThat(diff.json().get("scores.json").get("acc").get("old").asDouble()).isEqualTo(0.5);
        assertThat(diff.json().get("scores.json").get("acc").get("new").asDouble()).isEqualTo(0.75);
        assertThat(diff.json().get("scores.json").has("n")).isFalse();
        assertThat(capstan("metrics", "diff").out()).contains("0.25");
    }

    @Test
    void plotsShowDrawsLinearScatterAndConfusionPlotsIntoOneEscapedPage() throws Exception {
        assertThat(Cli.run("init", "--no-scm", "--cd", dir.toString()).exitCode()).isZero();
        Files.writeString(dir.resolve("dvc.yaml"), """
                stages:
                  evaluate:
                    cmd: printf 'step,loss\\n0,0.9\\n1,0.5\\n2,0.2\\n' > loss.csv && printf 'actual,predicted\\ncat,cat\\ncat,dog\\ndog,dog\\n' > classes.csv
                    plots:
                    - loss.csv:
                        title: <script>alert(1)</script>
                    - classes.csv:
                        template: confusion
                        x: actual
                        y: predicted
                """);
        capstan("repro");

        Cli.Result show = capstan("plots", "show", "-o", "report/plots.html");

        String html = Files.readString(dir.resolve("report/plots.html"));
        assertThat(show.out()).contains("plots.html");
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<polyline", "&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>");
        assertThat(html).contains("<th>cat</th>", "<th>dog</th>", ">1</td>", ">0</td>");
    }

    @Test
    void anUnknownRevisionIsNamed() throws Exception {
        git("init", "-q");
        assertThat(Cli.run("init", "--cd", dir.toString()).exitCode()).isZero();
        Files.writeString(dir.resolve("params.yaml"), "lr: 0.5\n");
        Files.writeString(dir.resolve("dvc.yaml"), DVC_YAML);

        Cli.Result result = Cli.run("params", "diff", "no-such-rev", "--cd", dir.toString());

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains("git does not know the revision 'no-such-rev'");
    }
}
