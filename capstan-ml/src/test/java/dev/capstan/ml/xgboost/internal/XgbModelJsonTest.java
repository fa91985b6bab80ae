package dev.capstan.ml.xgboost.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.ml.xgboost.XgbFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

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

    @ParameterizedTest
    @CsvSource({"xgb-dart-json, booster dart", "xgb-gblinear-json, booster gblinear",
            "xgb-categorical-json, categorical"})
    void saysWhyAModelNeedsXgboost4j(String name, String reason) throws IOException {
        ModelJson.Compilation compilation = compile(XgbFixture.load(name));

        assertThat(compilation.ensemble()).isNull();
        assertThat(compilation.unsupported()).contains(reason);
    }

    private static ModelJson.Compilation compile(XgbFixture fixture) throws IOException {
        Path file = fixture.modelDir().resolve("model.json");
        JsonNode json = ModelJson.read(Files.readAllBytes(file), file.toString());
        return ModelJson.compile(json, true, file.toString());
    }
}
