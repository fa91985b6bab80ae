package dev.capstan.ml.pipeline;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.predict.Predictions;
import dev.capstan.ml.predict.Predictor;
import dev.capstan.ml.predict.Predictors;
import dev.capstan.ml.preprocess.Frame;
import dev.capstan.ml.preprocess.Preprocessor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A package Capstan trained (committed under {@code train/parity/model}) predicts as Python does when it applies
 * the same fitted preprocessing by hand and scores with xgboost ({@code parity.py} wrote {@code expected.json}).
 */
class PipelineParityTest {

    private static final double[] AGE = {22, Double.NaN, 35, 61, 29, Double.NaN, 47, 18};
    private static final double[] SPEND = {5.0, 190.0, 80.5, 12.25, 150.0, Double.NaN, 99.0, 0.0};
    private static final String[] PLAN = {"basic", "pro", "plus", "basic", "enterprise", "pro", "plus", "basic"};

    private static Path fixture() throws URISyntaxException {
        return Path.of(PipelineParityTest.class.getResource("/train/parity").toURI());
    }

    private static JsonNode expected() throws IOException, URISyntaxException {
        return JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build()
                .readTree(fixture().resolve("expected.json").toFile());
    }

    @Test
    void theFeaturesAreThoseOfTheSameTransformInPython() throws Exception {
        Preprocessor preprocessor = Preprocessor.fromJson(Files.readString(fixture().resolve(
                "model/preprocessing.json")));
        Object[] age = new Object[AGE.length];
        Object[] spend = new Object[AGE.length];
        for (int i = 0; i < AGE.length; i++) {
            age[i] = Double.isNaN(AGE[i]) ? null : AGE[i];
            spend[i] = Double.isNaN(SPEND[i]) ? null : SPEND[i];
        }
        float[] features = preprocessor.transform(new Frame(List.of("age", "spend", "plan"),
                List.of(age, spend, PLAN.clone()), AGE.length));

        JsonNode rows = expected().get("features");
        for (int r = 0; r < rows.size(); r++) {
            for (int f = 0; f < rows.get(r).size(); f++) {
                assertThat(Float.valueOf(features[r * rows.get(r).size() + f])).as("row %d feature %d", r, f)
                        .isEqualTo(Float.valueOf((float) rows.get(r).get(f).asDouble()));   // NaN equals NaN
            }
        }
    }

    @Test
    void theProbabilitiesAreXgboostsOnThoseFeatures() throws Exception {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("age", AGE);
        columns.put("spend", SPEND);
        columns.put("plan", PLAN);
        try (Predictor predictor = Predictors.load(fixture().resolve("model"))) {
            Predictions predictions = predictor.predict(ColumnarBatch.of(columns));
            double[][] probabilities = (double[][]) predictions.output(Predictions.PROBABILITIES);
            Object[] labels = (Object[]) predictions.output(Predictions.LABEL);
            JsonNode expected = expected().get("probability_of_class_1");
            for (int r = 0; r < AGE.length; r++) {
                double p = expected.get(r).asDouble();
                assertThat(probabilities[r][1]).as("row %d", r).isCloseTo(p, within(1e-6));
                assertThat(labels[r]).isEqualTo(p > 0.5 ? "yes" : "no");
            }
        }
    }
}
