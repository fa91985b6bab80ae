package dev.capstan.cli.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.cli.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ValidateCommandTest {

    @TempDir
    Path dir;
    private Path reference;
    private Path shifted;

    @BeforeEach
    void data() throws IOException {
        reference = customers("reference.csv", 18, 80, List.of("a", "b", "c"), 1);
        shifted = customers("shifted.csv", 40, 95, List.of("a", "b", "c", "d"), 2);
    }

    private Path customers(String name, int minAge, int maxAge, List<String> categories, long seed)
            throws IOException {
        Random random = new Random(seed);
        Random amounts = new Random(7);   // the same amounts in both files: only age and category shift
        List<String> lines = new ArrayList<>(List.of("customer_id,age,amount,category"));
        for (int i = 0; i < 2000; i++) {
            lines.add("C" + i + "," + (minAge + random.nextInt(maxAge - minAge + 1)) + ","
                    + String.format("%.2f", amounts.nextDouble() * 100) + ","
                    + categories.get(random.nextInt(categories.size())));
        }
        return Files.write(dir.resolve(name), lines);
    }

    @Test
    void aProfilePassesOnItsOwnDataAndFailsTheShiftedColumns() {
        Path suite = dir.resolve("suite.yaml");
        assertThat(Cli.run("validate", "profile", reference.toString(), "-o", suite.toString()).exitCode()).isZero();

        Cli.Result same = Cli.run("validate", "run", "--suite", suite.toString(), reference.toString());
        assertThat(same.exitCode()).as(same.out()).isZero();
        assertThat(same.out()).contains("passed");

        Cli.Result json = Cli.run("validate", "run", "--suite", suite.toString(), shifted.toString(), "--format",
                "json");
        assertThat(json.exitCode()).isEqualTo(1);
        List<String> failedErrors = new ArrayList<>();
        for (JsonNode result : json.json().get("results")) {
            if (!result.get("success").asBoolean() && result.get("severity").asText().equals("error")) {
                failedErrors.add(result.get("column").asText() + " " + result.get("check").asText());
            }
        }
        assertThat(failedErrors).containsExactlyInAnyOrder("age between", "category in_set");
        JsonNode between = json.json().get("results").findParents("check").stream()
                .filter(r -> r.get("check").asText().equals("between") && r.get("column").asText().equals("age"))
                .findFirst().orElseThrow();
        assertThat(between.get("element_count").asLong()).isEqualTo(2000);
        assertThat(between.get("examples")).hasSize(20);
        assertThat(between.get("examples").get(0).get("value").asInt()).isGreaterThan(80);
    }

    @Test
    void theHtmlReportIsOneSelfContainedPage() throws IOException {
        Path suite = Files.writeString(dir.resolve("suite.yaml"), """
                columns:
                  category:
                    checks:
                      - in_set: [a, b, c]
                """);
        Path html = dir.resolve("out/report.html");
        Cli.Result result = Cli.run("validate", "run", "--suite", suite.toString(), shifted.toString(), "--format",
                "html", "-o", html.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("in_set").contains("failed")
                .doesNotContain("<script").doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void importGeWritesASuiteAndListsWhatItCouldNotImport() throws IOException {
        Path ge = Files.writeString(dir.resolve("ge.json"), """
                {"expectation_suite_name": "churn", "expectations": [
                  {"expectation_type": "expect_column_values_to_be_between",
                   "kwargs": {"column": "age", "min_value": 18, "max_value": 80, "mostly": 0.95}},
                  {"expectation_type": "expect_column_values_to_be_in_set",
                   "kwargs": {"column": "category", "value_set": ["a", "b", "c"]}},
                  {"expectation_type": "expect_column_kl_divergence_to_be_less_than",
                   "kwargs": {"column": "age", "threshold": 0.1}}]}
                """);
        Path suite = dir.resolve("suite.yaml");
        Cli.Result result = Cli.run("validate", "import-ge", ge.toString(), "-o", suite.toString());
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("not imported: expect_column_kl_divergence_to_be_less_than (expectation 3)");
        Cli.Result run = Cli.run("validate", "run", "--suite", suite.toString(), shifted.toString(), "--format", "json");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.json().get("results").get(0).get("mostly").asDouble()).isEqualTo(0.95);
    }

    @Test
    void badInputIsAnErrorNamingTheFileAndLine() throws IOException {
        Path suite = Files.writeString(dir.resolve("suite.yaml"), "columns:\n  age:\n    checks:\n      - betwen: {min: 1}\n");
        Cli.Result unknown = Cli.run("validate", "run", "--suite", suite.toString(), reference.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("suite.yaml:4").contains("unknown check 'betwen'");

        Path good = Files.writeString(dir.resolve("good.yaml"), "columns:\n  age: {type: integer}\n");
        Path broken = Files.writeString(dir.resolve("broken.csv"), "customer_id,age\nC1,3\nC2,4,5\n");
        Cli.Result malformed = Cli.run("validate", "run", "--suite", good.toString(), broken.toString());
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("broken.csv:3");

        Cli.Result missing = Cli.run("validate", "run", "--suite", good.toString(), dir.resolve("nope.csv").toString());
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).contains("nope.csv");
    }
}
