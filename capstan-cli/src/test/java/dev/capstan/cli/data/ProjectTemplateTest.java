package dev.capstan.cli.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import dev.capstan.cli.Cli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code capstan init --template ml-project} writes a project that runs as generated: {@code capstan repro} runs its
 * stages, each a real {@code capstan} process (a launcher on PATH that runs this build), and a second repro finds
 * nothing changed.
 */
class ProjectTemplateTest {

    @TempDir
    Path dir;

    @BeforeEach
    void launcher() throws Exception {
        Cli.launcherIn(dir.resolve("bin"));
    }

    @AfterEach
    void forget() {
        Cli.forgetLauncher();
    }

    @Test
    void theGeneratedProjectRunsAsGeneratedAndASecondReproDoesNothing() throws Exception {
        Path project = dir.resolve("churn");
        Cli.Result init = Cli.run("init", "--template", "ml-project", project.toString());
        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(init.out()).contains("Wrote the ml-project template", "capstan repro");
        for (String file : new String[] {"dvc.yaml", "params.yaml", "README.md", "configs/train.yaml",
            "configs/gates.yaml", "configs/retrain-gates.yaml", "configs/serving.yaml", "configs/monitoring.yaml",
            "configs/retrain.yaml", "configs/suite.yaml", "data/incoming/customers.csv", "data/raw/.gitkeep",
            "data/processed/.gitkeep", "src/README.md",
            "tests/README.md", "pipelines/README.md", ".dvc/config"}) {
            assertThat(project.resolve(file)).as(file).exists();
        }
        assertThat(Files.readAllLines(project.resolve("data/incoming/customers.csv"))).hasSize(5001).first()
                .isEqualTo("customer_id,age,purchase_amount,category,tenure_months,support_calls,churn");

        Cli.Result repro = Cli.run("repro", "--cd", project.toString());
        assertThat(repro.exitCode()).as(repro.out() + repro.err()).isZero();
        assertThat(project.resolve("models/churn/MLmodel")).exists();
        assertThat(Files.readAllLines(project.resolve("data/processed/holdout.csv"))).hasSize(1001);
        assertThat(Files.readAllLines(project.resolve("data/processed/train.csv"))).hasSize(4001);
        JsonNode validation = Json.MAPPER.readTree(project.resolve("reports/validation.json").toFile());
        assertThat(validation.get("success").asBoolean()).isTrue();
        JsonNode trained = Json.MAPPER.readTree(project.resolve("reports/train.json").toFile());
        assertThat(trained.at("/test/accuracy_score").asDouble()).isGreaterThan(0.7);
        JsonNode evaluation = Json.MAPPER.readTree(project.resolve("reports/evaluation.json").toFile());
        assertThat(evaluation.at("/metrics/accuracy_score").asDouble()).isGreaterThan(0.7);
        assertThat(Json.MAPPER.readTree(project.resolve("reports/registered.json").toFile())
                .at("/model_version/version").asText()).isEqualTo("1");
        JsonNode gates = Json.MAPPER.readTree(project.resolve("reports/gates.json").toFile());
        assertThat(gates.toString()).contains("\"passed\":true").doesNotContain("\"passed\":false");

        Cli.Result again = Cli.run("repro", "--cd", project.toString());
        assertThat(again.exitCode()).isZero();
        assertThat(again.out() + again.err()).doesNotContain("Running stage");

        Files.writeString(project.resolve("params.yaml"), "train:\n  max_depth: 3\n  eta: 0.3\n");
        Cli.Result changed = Cli.run("repro", "--cd", project.toString());
        assertThat(changed.exitCode()).as(changed.out() + changed.err()).isZero();
        assertThat(Json.MAPPER.readTree(project.resolve("reports/train.json").toFile()).at("/test/accuracy_score")
                .asDouble()).isGreaterThan(0.7);
    }

    @Test
    void aDirectoryThatIsNotEmptyOrAnUnknownTemplateIsRefused() throws Exception {
        Path used = Files.createDirectories(dir.resolve("used"));
        Files.writeString(used.resolve("notes.txt"), "mine");
        Cli.Result refused = Cli.run("init", "--template", "ml-project", used.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("is not empty: the ml-project template goes into a new or empty directory");
        assertThat(Files.list(used)).hasSize(1);
        Cli.Result unknown = Cli.run("init", "--template", "web-app", dir.resolve("new").toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown template 'web-app'; templates: ml-project");
    }
}
