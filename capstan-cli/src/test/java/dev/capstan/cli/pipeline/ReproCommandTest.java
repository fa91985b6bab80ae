package dev.capstan.cli.pipeline;

import dev.capstan.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code capstan repro} and {@code capstan dag} on a real dvc.yaml with foreach, params and shell commands. */
class ReproCommandTest {

    @TempDir
    Path dir;

    private static final String DVC_YAML = """
            stages:
              prepare:
                foreach: [a, b]
                do:
                  cmd: printf '${item}-%s\\n' ${prepare.scale} > part-${item}.txt
                  params: [prepare.scale]
                  outs:
                  - part-${item}.txt
              join:
                cmd: cat part-a.txt part-b.txt > all.txt
                deps: [part-a.txt, part-b.txt]
                outs: [all.txt]
            """;

    private Cli.Result capstan(String... args) {
        String[] command = new String[args.length + 2];
        System.arraycopy(args, 0, command, 0, 1);
        command[1] = "--cd";
        command[2] = dir.toString();
        System.arraycopy(args, 1, command, 3, args.length - 1);
        return Cli.run(command);
    }

    private void project() throws IOException {
        assertThat(Cli.run("init", "--no-scm", "--cd", dir.toString()).exitCode()).isZero();
        Files.writeString(dir.resolve("params.yaml"), "prepare:\n  scale: 10\n");
        Files.writeString(dir.resolve("dvc.yaml"), DVC_YAML);
    }

    @Test
    void reproRunsThePipelineOnceAndThenNothing() throws IOException {
        project();

        Cli.Result first = capstan("repro", "-j", "2");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(dir.resolve("all.txt")).hasContent("a-10\nb-10");
        assertThat(first.out()).contains("prepare@a", "prepare@b", "join", "ran");
        assertThat(Files.readString(dir.resolve("dvc.lock"))).contains("  prepare@a:", "        prepare.scale: 10");

        Cli.Result second = capstan("repro", "--json");
        assertThat(second.exitCode()).isZero();
        assertThat(second.json()).allMatch(o -> o.get("result").asText().equals("unchanged"));

        Files.writeString(dir.resolve("params.yaml"), "prepare:\n  scale: 20\n");
        Cli.Result dry = capstan("repro", "--dry");
        assertThat(dry.out()).contains("Would run stage 'prepare@a'", "modified param: params.yaml: prepare.scale");
        assertThat(dir.resolve("all.txt")).hasContent("a-10\nb-10");
    }

    @Test
    void aFailingStageExitsWithOneAndDagShowsTheGraph() throws IOException {
        project();
        Files.writeString(dir.resolve("dvc.yaml"), DVC_YAML.replace("cat part-a.txt", "exit 7; cat part-a.txt"));

        Cli.Result failed = capstan("repro");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.out()).contains("failed", "exited with code 7");

        Cli.Result dag = capstan("dag", "--mermaid");
        assertThat(dag.exitCode()).isZero();
        assertThat(dag.out()).startsWith("flowchart TD\n").contains("[\"join\"]", "-->node3");
    }

    @Test
    void withoutDvcYamlOrWithAnUnknownStageTheErrorSaysSo() throws IOException {
        assertThat(Cli.run("init", "--no-scm", "--cd", dir.toString()).exitCode()).isZero();
        Cli.Result none = capstan("repro");
        assertThat(none.exitCode()).isEqualTo(3);
        assertThat(none.err()).contains("There is no dvc.yaml");

        Files.writeString(dir.resolve("params.yaml"), "prepare:\n  scale: 10\n");
        Files.writeString(dir.resolve("dvc.yaml"), DVC_YAML);
        Cli.Result unknown = capstan("repro", "joint");
        assertThat(unknown.exitCode()).isEqualTo(3);
        assertThat(unknown.err()).contains("no stage named 'joint'");
    }
}
