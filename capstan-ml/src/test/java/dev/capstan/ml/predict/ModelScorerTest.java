package dev.capstan.ml.predict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;
import dev.capstan.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link ModelScorer} as {@code capstan models predict} uses it: rows read by {@link BatchFiles} from the committed
 * fixtures' {@code rows.csv}, checked against the signature, predicted, and compared with the Python outputs in
 * {@code expected.json}.
 */
class ModelScorerTest {

    @TempDir
    Path dir;

    /** onnx-mlp's signature is one float32 tensor [-1, 8]: the CSV's 8 double columns become it. */
    @Test
    void scoresATensorModelFromCsvRowsAsTorchDid() throws IOException {
        Path fixture = fixture("onnx-mlp");

        try (ModelScorer scorer = ModelScorer.open(fixture.resolve("model"))) {
            Predictions predictions = scorer.score(BatchFiles.read(fixture.resolve("rows.csv")));

            assertProbabilities((float[][]) predictions.output("probabilities"),
                    expected(fixture).path("outputs").path("probabilities"));
        }
    }

    @Test
    void scoresATensorModelFromMlflowJsonRows() throws IOException {
        Path fixture = fixture("onnx-mlp-external");
        List<String> lines = Files.readAllLines(fixture.resolve("rows.csv"));
        String columns = Stream.of(lines.get(0).split(",")).map(c -> '"' + c + '"').collect(Collectors.joining(","));
        String data = lines.stream().skip(1).map(l -> "[" + l + "]").collect(Collectors.joining(","));
        String json = "{\"dataframe_split\": {\"columns\": [" + columns + "], \"data\": [" + data + "]}}";

        try (ModelScorer scorer = ModelScorer.open(fixture.resolve("model"))) {
            Predictions predictions = scorer.score(BatchFiles.readJson(new StringReader(json), "rows.json"));

            assertProbabilities((float[][]) predictions.output("probabilities"),
                    expected(fixture).path("outputs").path("probabilities"));
        }
    }

    @Test
    void aTensorModelRefusesAWrongColumnCountAndNonNumericCells() throws IOException {
        Path fixture = fixture("onnx-mlp");
        Path sevenColumns = rewriteCsv(fixture, "seven.csv", cells -> Arrays.copyOf(cells, 7));
        Path text = rewriteCsv(fixture, "text.csv", cells -> {
            cells[3] = cells[3].startsWith("x") ? cells[3] : "n/a";
            return cells;
        });

        try (ModelScorer scorer = ModelScorer.open(fixture.resolve("model"))) {
            assertThatThrownBy(() -> scorer.score(BatchFiles.read(sevenColumns)))
                    .isInstanceOf(CapstanException.class)
                    .hasMessage("Shape of the input tensor: expected [-1, 8] (-1 = any size), found [64, 7] from 7 "
                            + "columns [x0, x1, x2, x3, x4, x5, x6]");
            assertThatThrownBy(() -> scorer.score(BatchFiles.read(text)))
                    .isInstanceOf(CapstanException.class)
                    .hasMessage("Column 'x3': expected float32, found string 'n/a' at row 0 (not a number)");
        }
    }

    /** xgb-regressor-json's signature marks f0 optional and f3 required. */
    @Test
    void anXgboostModelScoresWithoutAnOptionalColumnButNotWithoutARequiredOne() throws IOException {
        Path fixture = fixture("xgb-regressor-json");
        Path withoutF0 = rewriteCsv(fixture, "no-f0.csv", cells -> Arrays.copyOfRange(cells, 1, cells.length));
        Path f0Empty = rewriteCsv(fixture, "empty-f0.csv", cells -> {
            cells[0] = cells[0].equals("f0") ? "f0" : "";
            return cells;
        });
        Path withoutF3 = rewriteCsv(fixture, "no-f3.csv", cells -> Stream.concat(Arrays.stream(cells, 0, 3),
                Arrays.stream(cells, 4, cells.length)).toArray(String[]::new));

        try (ModelScorer scorer = ModelScorer.open(fixture.resolve("model"))) {
            double[] omitted = (double[]) scorer.score(BatchFiles.read(withoutF0)).output(Predictions.PREDICTION);
            double[] empty = (double[]) scorer.score(BatchFiles.read(f0Empty)).output(Predictions.PREDICTION);

            assertThat(omitted).containsExactly(empty);
            assertThatThrownBy(() -> scorer.score(BatchFiles.read(withoutF3)))
                    .isInstanceOf(CapstanException.class)
                    .hasMessageStartingWith("Column 'f3' is required by the model signature (type double) but missing");
        }
    }

    /** An XGBoost model logged with a NumPy input example has a tensor signature; its rows become that tensor. */
    @Test
    void scoresAnXgboostModelWithATensorSignature() throws IOException {
        Path fixture = fixture("xgb-regressor-json");
        Path model = dir.resolve("model");
        Files.createDirectories(model);
        try (Stream<Path> files = Files.list(fixture.resolve("model"))) {
            for (Path file : files.toList()) {
                Files.copy(file, model.resolve(file.getFileName()));
            }
        }
        String mlmodel = Files.readString(model.resolve("MLmodel"));
        Files.writeString(model.resolve("MLmodel"), mlmodel.replaceAll("(?s)  inputs: '\\[.*?]'\n",
                "  inputs: '[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float64\", \"shape\": [-1, 10]}}]'\n"));

        try (ModelScorer scorer = ModelScorer.open(model)) {
            double[] predictions = (double[]) scorer.score(BatchFiles.read(fixture.resolve("rows.csv")))
                    .output(Predictions.PREDICTION);

            JsonNode expected = expected(fixture).path("predict");
            assertThat(predictions).hasSize(expected.size());
            for (int r = 0; r < predictions.length; r++) {
                assertThat(predictions[r]).as("row %d", r).isCloseTo(expected.get(r).asDouble(), within(1e-6));
            }
        }
    }

    private static void assertProbabilities(float[][] actual, JsonNode expected) {
        assertThat(actual).hasNumberOfRows(expected.size());
        for (int r = 0; r < actual.length; r++) {
            assertThat(actual[r]).hasSize(expected.get(r).size());
            for (int c = 0; c < actual[r].length; c++) {
                assertThat((double) actual[r][c]).as("row %d class %d", r, c)
                        .isCloseTo(expected.get(r).get(c).asDouble(), within(1e-5));
            }
        }
    }

    /** A copy of the fixture's rows.csv with each line's cells (header included) rewritten. */
    private Path rewriteCsv(Path fixture, String name, UnaryOperator<String[]> cells)
            throws IOException {
        List<String> lines = Files.readAllLines(fixture.resolve("rows.csv")).stream()
                .map(line -> String.join(",", cells.apply(line.split(",", -1)))).toList();
        return Files.write(dir.resolve(name), lines);
    }

    private static JsonNode expected(Path fixture) throws IOException {
        return Json.MAPPER.readTree(fixture.resolve("expected.json").toFile());
    }

    private static Path fixture(String name) {
        try {
            return Path.of(Objects.requireNonNull(ModelScorerTest.class.getClassLoader().getResource("models/" + name),
                    name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
