package dev.capstan.ml.xgboost;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.Tensor;
import dev.capstan.ml.mlmodel.ColSpec;
import dev.capstan.ml.mlmodel.MLmodels;
import dev.capstan.ml.predict.Predictions;
import dev.capstan.ml.predict.Predictor;
import dev.capstan.ml.predict.Predictors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.assertj.core.data.Offset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every XGBoost fixture written by Python XGBoost 1.7.4 predicts what Python predicted, within 1e-6, on the whole
 * batch and row by row, through the path (fast evaluator or xgboost4j) the fixture is meant to take.
 */
class XgboostFlavorTest {

    private static final double TOLERANCE = 1e-6;

    /** Fixture name to whether the flat-array evaluator takes it. */
    private static final Map<String, Boolean> FAST = Map.ofEntries(
            Map.entry("xgb-binary-json", true),
            Map.entry("xgb-binary-ubj", true),
            Map.entry("xgb-multiclass-ubj", true),
            Map.entry("xgb-regressor-json", true),
            Map.entry("xgb-reg-logistic-json", true),
            Map.entry("xgb-poisson-json", true),
            Map.entry("xgb-legacy-xgb", true),
            Map.entry("xgb-booster-json", true),
            Map.entry("xgb-early-stopping-json", true),
            Map.entry("xgb-dart-json", false),
            Map.entry("xgb-gblinear-json", false),
            Map.entry("xgb-categorical-json", false));

    @TestFactory
    Stream<DynamicTest> predictsWhatPythonXgboostPredicted() {
        return FAST.keySet().stream().sorted().map(name -> DynamicTest.dynamicTest(name, () -> check(name)));
    }

    private static void check(String name) {
        XgbFixture fixture = XgbFixture.load(name);
        try (Predictor predictor = Predictors.load(fixture.modelDir())) {
            assertThat(predictor).isInstanceOf(XgboostPredictor.class);
            assertThat(((XgboostPredictor) predictor).fast()).as("fast path for " + name).isEqualTo(FAST.get(name));
            double batchError = compare(predictor.predict(fixture.rows()), fixture.expected(), 0);
            double rowError = 0;
            for (int r = 0; r < fixture.rows().rowCount(); r++) {
                rowError = Math.max(rowError, compare(predictor.predict(fixture.row(r)), fixture.expected(), r));
            }
            System.out.printf("%-22s %-32s rows %d, max abs error: batch %.3g, row by row %.3g%n", name, predictor,
                    fixture.rows().rowCount(), batchError, rowError);
        }
    }

    /** Checks outputs against expected.json from row {@code first} on; returns the largest absolute error. */
    private static double compare(Predictions actual, JsonNode expected, int first) {
        String modelClass = expected.path("model_class").asText();
        if (modelClass.endsWith("XGBClassifier")) {
            long[] labels = (long[]) actual.output(Predictions.LABEL);
            for (int r = 0; r < labels.length; r++) {
                assertThat(labels[r]).as("label of row %d", first + r)
                        .isEqualTo(expected.get("predict").get(first + r).asLong());
            }
            return maxError((double[][]) actual.output(Predictions.PROBABILITIES), expected.get("predict_proba"),
                    first);
        }
        return maxError((double[]) actual.output(Predictions.PREDICTION), expected.get("predict"), first);
    }

    private static double maxError(double[][] actual, JsonNode expected, int first) {
        double max = 0;
        for (int r = 0; r < actual.length; r++) {
            max = Math.max(max, maxError(actual[r], expected.get(first + r), 0));
        }
        return max;
    }

    private static double maxError(double[] actual, JsonNode expected, int first) {
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            double want = expected.get(first + i).asDouble();
            assertThat(actual[i]).as("value %d", first + i).isCloseTo(want, Offset.offset(TOLERANCE));
            max = Math.max(max, Math.abs(actual[i] - want));
        }
        return max;
    }

    /** MLflow's pyfunc predicts an early-stopped XGBClassifier up to best_iteration, a raw Booster with every tree. */
    @Test
    void earlyStoppedClassifierStopsAtBestIterationTheSameFileAsABoosterDoesNot(@TempDir Path dir) throws IOException {
        XgbFixture fixture = XgbFixture.load("xgb-early-stopping-json");
        Path asBooster = copyModel("xgb-early-stopping-json", dir);
        Path mlmodel = asBooster.resolve("MLmodel");
        Files.writeString(mlmodel, Files.readString(mlmodel)
                .replace("model_class: xgboost.sklearn.XGBClassifier", "model_class: xgboost.core.Booster"));

        try (Predictor classifier = Predictors.load(fixture.modelDir()); Predictor booster = Predictors.load(asBooster)) {
            assertThat(((XgboostPredictor) booster).fast()).isTrue();
            compare(classifier.predict(fixture.rows()), fixture.expected(), 0);
            double error = maxError((double[][]) booster.predict(fixture.rows()).output(Predictions.PROBABILITIES),
                    fixture.expected().get("predict_proba_all_rounds"), 0);
            assertThat(error).isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void corruptJsonFailsNamingTheFile(@TempDir Path dir) throws IOException {
        Path model = copyModel("xgb-binary-json", dir);
        Files.writeString(model.resolve("model.json"), "{\"learner\": {\"gradient_booster\": [1, 2");

        assertThatThrownBy(() -> Predictors.load(model)).isInstanceOf(CapstanException.class)
                .hasMessageContaining(model.resolve("model.json").toString())
                .hasMessageContaining("not a valid XGBoost JSON model");
    }

    @Test
    void corruptTreeFailsNamingTheFile(@TempDir Path dir) throws IOException {
        Path model = copyModel("xgb-regressor-json", dir);
        Path file = model.resolve("model.json");
        String corrupt = Files.readString(file).replaceFirst("\"split_indices\":\\[\\d+", "\"split_indices\":[99");
        Files.writeString(file, corrupt);

        assertThatThrownBy(() -> Predictors.load(model)).isInstanceOf(CapstanException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("splits on feature 99");
    }

    @Test
    void corruptUbjFailsNamingTheFile(@TempDir Path dir) throws IOException {
        Path model = copyModel("xgb-binary-ubj", dir);
        Files.write(model.resolve("model.ubj"), new byte[] {'{', 'x', 1, 2, 3});

        assertThatThrownBy(() -> Predictors.load(model)).isInstanceOf(CapstanException.class)
                .hasMessageContaining(model.resolve("model.ubj").toString());
    }

    @Test
    void missingModelFileFailsNamingTheFile(@TempDir Path dir) throws IOException {
        Path model = copyModel("xgb-binary-json", dir);
        Files.delete(model.resolve("model.json"));

        assertThatThrownBy(() -> Predictors.load(model)).isInstanceOf(CapstanException.class)
                .hasMessageContaining(model.resolve("model.json").toString()).hasMessageContaining("does not exist");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xgb-regressor-json", "xgb-multiclass-ubj", "xgb-dart-json", "xgb-gblinear-json"})
    void aMissingRequiredColumnFailsNamingIt(String name) {
        XgbFixture fixture = XgbFixture.load(name);
        String required = firstColumn(fixture, true);
        Map<String, Object> columns = new LinkedHashMap<>(fixture.rows().columns());
        columns.remove(required);
        try (Predictor predictor = Predictors.load(fixture.modelDir())) {
            assertThatThrownBy(() -> predictor.predict(ColumnarBatch.of(columns)))
                    .isInstanceOf(CapstanException.class)
                    .hasMessageStartingWith("The model needs column '" + required + "' (feature ");
        }
    }

    /** Both the fast path and xgboost4j (dart, gblinear) read an omitted optional column as missing in every row. */
    @ParameterizedTest
    @ValueSource(strings = {"xgb-regressor-json", "xgb-multiclass-ubj", "xgb-dart-json", "xgb-gblinear-json"})
    void anOmittedOptionalColumnIsMissingInEveryRow(String name) {
        XgbFixture fixture = XgbFixture.load(name);
        String optional = firstColumn(fixture, false);
        Map<String, Object> without = new LinkedHashMap<>(fixture.rows().columns());
        without.remove(optional);
        Map<String, Object> allMissing = new LinkedHashMap<>(fixture.rows().columns());
        double[] nan = new double[fixture.rows().rowCount()];
        Arrays.fill(nan, Double.NaN);
        allMissing.put(optional, nan);

        try (Predictor predictor = Predictors.load(fixture.modelDir())) {
            assertThat(((XgboostPredictor) predictor).fast()).isEqualTo(FAST.get(name));
            Predictions omitted = predictor.predict(ColumnarBatch.of(without));
            Predictions missing = predictor.predict(ColumnarBatch.of(allMissing));

            assertThat(omitted.outputs().keySet()).isEqualTo(missing.outputs().keySet());
            omitted.outputs().forEach((output, values) ->
                    assertThat(values).as(output).isEqualTo(missing.output(output)));
            Object withColumn = predictor.predict(fixture.rows()).outputs().values().iterator().next();
            assertThat(omitted.outputs().values().iterator().next()).as("the column mattered")
                    .isNotEqualTo(withColumn);
        }
    }

    @Test
    void takesOneTensorOfRowsAndFeatures() {
        XgbFixture fixture = XgbFixture.load("xgb-regressor-json");
        int rows = fixture.rows().rowCount();
        List<Object> columns = List.copyOf(fixture.rows().columns().values());
        double[] data = new double[rows * columns.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = ((double[]) columns.get(i % columns.size()))[i / columns.size()];
        }
        Tensor tensor = new Tensor("float64", List.of((long) rows, (long) columns.size()), data);
        try (Predictor predictor = Predictors.load(fixture.modelDir())) {
            compare(predictor.predictTensors(Map.of("x", tensor)), fixture.expected(), 0);
            assertThatThrownBy(() -> predictor.predictTensors(Map.of("x",
                    new Tensor("float64", List.of(2L, 5L), new double[10]))))
                    .isInstanceOf(CapstanException.class)
                    .hasMessage("The XGBoost model takes a tensor of shape [rows, 10], found float64 [2, 5]");
            assertThatThrownBy(() -> predictor.predictTensors(new TreeMap<>(Map.of("a", tensor, "b", tensor))))
                    .hasMessage("An XGBoost model takes one tensor of shape [rows, 10], found 2 tensors [a, b]");
        }
    }

    /** The first column the signature marks required (or optional). */
    private static String firstColumn(XgbFixture fixture, boolean required) {
        return MLmodels.read(fixture.modelDir()).signature().inputs().columns().stream()
                .filter(c -> c.required() == required).map(ColSpec::name).findFirst().orElseThrow();
    }

    private static Path copyModel(String name, Path dir) throws IOException {
        Path source = XgbFixture.load(name).modelDir();
        Path target = dir.resolve("model");
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }
}
