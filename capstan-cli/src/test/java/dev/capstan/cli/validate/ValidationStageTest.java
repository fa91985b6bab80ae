package dev.capstan.cli.validate;

import dev.capstan.cli.CapstanCli;
import dev.capstan.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code capstan validate run} as a {@code dvc.yaml} stage at a pipeline boundary: bad data stops the pipeline
 * before training, and the stage's JSON report is kept as its output. The stage runs the CLI in a JVM of its own,
 * as {@code ./capstan} would, from the test's class path.
 */
class ValidationStageTest {

    @TempDir
    Path dir;

    private static String capstan() {
        return ProcessHandle.current().info().command().orElse("java") + " -cp '"
                + System.getProperty("java.class.path") + "' " + CapstanCli.class.getName();
    }

    @Test
    void badDataStopsThePipelineAtTheValidationStage() throws IOException {
        assertThat(Cli.run("init", "--no-scm", "--cd", dir.toString()).exitCode()).isZero();
        Files.writeString(dir.resolve("suite.yaml"), """
                columns:
                  age:
                    type: integer
                    nullable: false
                    checks:
                      - between: {min: 0, max: 120}
                """);
        Files.writeString(dir.resolve("raw.csv"), "id,age\n1,34\n2,51\n");
        Files.writeString(dir.resolve("dvc.yaml"), """
                stages:
                  validate:
                    cmd: %s validate run --suite suite.yaml raw.csv --format json -o validation.json
                    deps: [raw.csv, suite.yaml]
                    outs: [validation.json]
                  train:
                    cmd: cp raw.csv model.txt
                    deps: [raw.csv, validation.json]
                    outs: [model.txt]
                """.formatted(capstan()));

        Cli.Result good = Cli.run("repro", "--cd", dir.toString(), "--no-track");
        assertThat(good.exitCode()).as(good.out() + good.err()).isZero();
        assertThat(dir.resolve("model.txt")).exists();
        assertThat(Files.readString(dir.resolve("validation.json"))).contains("\"success\" : true");

        Files.writeString(dir.resolve("raw.csv"), "id,age\n1,34\n2,510\n3,\n");
        Cli.Result bad = Cli.run("repro", "--cd", dir.toString(), "--no-track");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.out() + bad.err()).contains("validate").contains("failed");
        assertThat(dir.resolve("model.txt")).hasContent("id,age\n1,34\n2,51\n");   // train did not run again
        assertThat(Files.readString(dir.resolve("validation.json")))   // the failed run's report, to read
                .contains("\"success\" : false", "\"unexpected_count\" : 1");
    }
}
