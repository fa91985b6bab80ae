package dev.capstan.ml.mlmodel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MLmodelsWriteTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"sklearn-2.17", "xgboost-2.17", "onnx-2.17", "pyfunc-2.17", "sklearn-1.x", "future-3.x"})
    void roundTripGivesAnEqualRecord(String fixture) {
        MLmodel read = MLmodels.read(Fixtures.mlmodel(fixture));

        MLmodels.write(tmp, read);

        assertThat(MLmodels.read(tmp)).isEqualTo(read);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sklearn-2.17", "onnx-2.17", "pyfunc-2.17"})
    void writesWhatMlflowWritesUpToLineFolding(String fixture) throws IOException {
        Path dir = Fixtures.mlmodel(fixture);
        MLmodel read = MLmodels.read(dir);

        String written = MLmodels.toYaml(read);

        String expected = Files.readString(dir.resolve(MLmodels.FILE_NAME));
        assertThat(topLevelKeys(written)).isEqualTo(topLevelKeys(expected));
        assertThat(unfold(written)).contains(unfold(jsonLine(expected, "inputs")));
    }

    @Test
    void writesANullModelUuidForMlflow1FilesAsMlflowDoes() {
        String yaml = MLmodels.toYaml(MLmodels.read(Fixtures.mlmodel("sklearn-1.x")));

        assertThat(yaml).contains("model_uuid: null\n").doesNotContain("mlflow_version").doesNotContain("signature");
    }

    @Test
    void writesSignatureAsPythonStyleJsonStringsAndQuotesTimestamps() {
        MLmodel model = new MLmodel("model", Map.of("sklearn", Map.of("pickled_model", "model.pkl")), "0123", "abc",
                "2024-11-05 10:20:30.123456", 10L, "2.17.2",
                new ModelSignature(Schema.ofColumns(List.of(ColSpec.of("é", DataType.DOUBLE))), null, null),
                null, null, null, Map.of());

        String yaml = MLmodels.toYaml(model);

        assertThat(yaml).doesNotStartWith("---")
                .contains("model_size_bytes: 10\n")
                .contains("run_id: \"0123\"\n")
                .contains("utc_time_created: \"2024-11-05 10:20:30.123456\"\n")
                .contains("inputs: \"[{\\\"type\\\": \\\"double\\\", \\\"name\\\": \\\"\\\\u00e9\\\", \\\"required\\\": true}]\"")
                .contains("outputs: null")
                .contains("mlflow_version: 2.17.2");
        assertThat(MLmodels.parse(yaml, "written")).isEqualTo(model);
    }

    @Test
    void unknownKeysAndFlavorsSurviveARoundTrip() {
        MLmodel model = MLmodels.read(Fixtures.mlmodel("pyfunc-2.17"));

        MLmodel again = MLmodels.parse(MLmodels.toYaml(model), "again");

        assertThat(again.extra()).isEqualTo(model.extra());
        assertThat(again.extra().get("resources")).isEqualTo(
                Map.of("api_version", "1", "databricks", Map.of("serving_endpoint", List.of(Map.of("name", "embeddings")))));
        assertThat(again.flavor("my_company_flavor")).isEqualTo(model.flavor("my_company_flavor"));
    }

    @Test
    void writeReplacesAnExistingFileAndLeavesNoTemporaryFiles() throws IOException {
        MLmodel first = MLmodels.read(Fixtures.mlmodel("sklearn-1.x"));
        MLmodel second = MLmodels.read(Fixtures.mlmodel("sklearn-2.17"));
        Path dir = tmp.resolve("nested/model");

        MLmodels.write(dir, first);
        Path file = MLmodels.write(dir, second);

        assertThat(file).isEqualTo(dir.resolve("MLmodel"));
        assertThat(MLmodels.read(dir)).isEqualTo(second);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    private static List<String> topLevelKeys(String yaml) {
        return yaml.lines().filter(l -> !l.isEmpty() && Character.isLetter(l.charAt(0)))
                .map(l -> l.substring(0, l.indexOf(':'))).toList();
    }

    /** The JSON of a signature entry as written by PyYAML (single-quoted, possibly folded). */
    private static String jsonLine(String yaml, String key) {
        String flat = unfold(yaml);
        int start = flat.indexOf(key + ": '") + key.length() + 3;
        return flat.substring(start, flat.indexOf("]'", start) + 1);
    }

    private static String unfold(String yaml) {
        return yaml.replaceAll("\n +", " ").replace("\\\"", "\"");
    }
}
