package dev.capstan.ml.xgboost.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;
import dev.capstan.ml.xgboost.XgbFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The compiled evaluator's raw margins equal XGBoost's {@code output_margin=True}: base_score and float32 sums. */
class XgbModelJsonTest {

    @ParameterizedTest
    @CsvSource({"xgb-binary-json", "xgb-booster-json", "xgb-regressor-json", "xgb-reg-logistic-json",
            "xgb-poisson-json"})
    void marginsEqualXgboostsBitForBit(String name) throws IOException {
        XgbFixture fixture = XgbFixture.load(name);
        TreeEnsemble ensemble = compile(fixture).ensemble();
        List<String> names = List.copyOf(fixture.rows().columns().keySet());

        float[] margins = ensemble.margins(FeatureMatrix.rowMajor(fixture.rows(), names, names.size()),
                fixture.rows().rowCount());

        for (int r = 0; r < margins.length; r++) {
            double expected = fixture.expected().get("margin").get(r).asDouble();
            assertThat((double) margins[r]).as("row %d", r).isEqualTo(expected);
        }
    }

    @Test
    void stopsAtBestIterationOnlyWhenAsked() throws IOException {
        XgbFixture fixture = XgbFixture.load("xgb-early-stopping-json");
        Path file = fixture.modelDir().resolve("model.json");
        JsonNode json = ModelJson.read(Files.readAllBytes(file), file.toString());
        int classes = fixture.expected().get("classes").size();

        TreeEnsemble upToBest = ModelJson.compile(json, true, file.toString()).ensemble();
        TreeEnsemble everyTree = ModelJson.compile(json, false, file.toString()).ensemble();

        assertThat(upToBest.numTrees()).isEqualTo((fixture.expected().get("best_iteration").asInt() + 1) * classes);
        assertThat(everyTree.numTrees()).isEqualTo(fixture.expected().get("num_boosted_rounds").asInt() * classes);
    }

    /** Rows in lockstep blocks and rows walked alone add the same leaves in the same order: identical margins. */
    @ParameterizedTest
    @CsvSource({"xgb-binary-json", "xgb-regressor-json", "xgb-early-stopping-json"})
    void everyBatchSizeGivesTheMarginsOfRowsOneByOne(String name) throws IOException {
        XgbFixture fixture = XgbFixture.load(name);
        TreeEnsemble ensemble = compile(fixture).ensemble();
        List<String> names = List.copyOf(fixture.rows().columns().keySet());
        float[] x = FeatureMatrix.rowMajor(fixture.rows(), names, names.size());
        int rows = fixture.rows().rowCount();
        int width = x.length / rows;
        int groups = ensemble.margins(x, 1).length;
        float[] oneByOne = new float[rows * groups];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(ensemble.margins(Arrays.copyOfRange(x, r * width, (r + 1) * width), 1), 0, oneByOne,
                    r * groups, groups);
        }

        for (int batch = 1; batch <= rows; batch = batch < 20 ? batch + 1 : batch * 2 + 1) {
            float[] margins = ensemble.margins(x, batch);
            assertThat(margins).as("%d rows", batch).containsExactly(Arrays.copyOf(oneByOne, batch * groups));
        }
        assertThat(ensemble.margins(x, rows)).containsExactly(oneByOne);
    }

    @ParameterizedTest
    @CsvSource({"xgb-dart-json, booster dart", "xgb-gblinear-json, booster gblinear",
            "xgb-categorical-json, categorical"})
    void saysWhyAModelNeedsXgboost4j(String name, String reason) throws IOException {
        ModelJson.Compilation compilation = compile(XgbFixture.load(name));

        assertThat(compilation.ensemble()).isNull();
        assertThat(compilation.unsupported()).contains(reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "binary:logistic  | 1 | 5E-1                    | 0.0",
            "binary:logistic  | 1 | [5E-1]                  | 0.0",
            "reg:squarederror | 1 | [2.5E0]                 | 2.5",
            "multi:softprob   | 3 | [5E-1]                  | 0.5 0.5 0.5",
            "multi:softprob   | 3 | [-2.5E-1,5E-1,1.25E-1]  | -0.25 0.5 0.125",
            "count:poisson    | 1 | 1E0                     | 0.0"})
    void readsBaseScoreAsANumberOrAListOfOnePerGroup(String objective, int groups, String baseScore,
                                                      String margins) {
        float[] actual = ModelJson.baseMargins(learner(objective, baseScore), header(objective), groups, "m.json");

        String[] expected = margins.split(" ");
        assertThat(actual).hasSize(expected.length);
        for (int g = 0; g < expected.length; g++) {
            assertThat(actual[g]).as("group %d", g).isCloseTo(Float.parseFloat(expected[g]), within(1e-7f));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[1E-1,2E-1] | m.json: base_score must have 1 value or one per output group (3), found 2 in '[1E-1,2E-1]'",
            "[a,b,c]     | m.json: base_score must be a number or a list of numbers, found '[a,b,c]'",
            "''          | m.json: base_score must be a number or a list of numbers, found ''"})
    void refusesABaseScoreThatIsNotOneNumberPerGroup(String baseScore, String message) {
        assertThatThrownBy(() -> ModelJson.baseMargins(learner("multi:softprob", baseScore),
                header("multi:softprob"), 3, "m.json"))
                .isInstanceOf(CapstanException.class).hasMessage(message);
    }

    @Test
    void scalarLeavesOfEveryVersionAreCompiledVectorLeavesAreNot() throws IOException {
        XgbFixture fixture = XgbFixture.load("xgb-regressor-json");
        Path file = fixture.modelDir().resolve("model.json");
        String json = Files.readString(file);
        assertThat(json).contains("\"size_leaf_vector\":\"0\"");

        ModelJson.Compilation xgboost2 = ModelJson.compile(ModelJson.read(
                json.replace("\"size_leaf_vector\":\"0\"", "\"size_leaf_vector\":\"1\"").getBytes(), "2.json"),
                true, "2.json");
        ModelJson.Compilation vector = ModelJson.compile(ModelJson.read(
                json.replace("\"size_leaf_vector\":\"0\"", "\"size_leaf_vector\":\"3\"").getBytes(), "v.json"),
                true, "v.json");

        assertThat(xgboost2.ensemble()).isNotNull();
        assertThat(vector.ensemble()).isNull();
        assertThat(vector.unsupported()).isEqualTo("vector leaves (size_leaf_vector 3)");
    }

    private static JsonNode learner(String objective, String baseScore) {
        return ModelJson.read(("{\"learner\": {\"objective\": {\"name\": \"" + objective + "\"}, "
                + "\"learner_model_param\": {\"base_score\": \"" + baseScore + "\", \"num_feature\": \"2\"}}}")
                .getBytes(), "m.json").path("learner");
    }

    private static ModelJson.Header header(String objective) {
        return new ModelJson.Header(objective, 2, List.of(), List.of(), -1);
    }

    private static ModelJson.Compilation compile(XgbFixture fixture) throws IOException {
        Path file = fixture.modelDir().resolve("model.json");
        JsonNode json = ModelJson.read(Files.readAllBytes(file), file.toString());
        return ModelJson.compile(json, true, file.toString());
    }
}
