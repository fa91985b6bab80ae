package dev.capstan.ml.train;

import dev.capstan.CapstanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainConfigTest {

    @TempDir
    Path dir;

    @Test
    void aConfigReadsWithItsDefaults() throws IOException {
        Path file = Files.writeString(dir.resolve("train.yaml"), """
                data:
                  path: data/churn.csv
                  target: churn
                  exclude: [customer_id]
                preprocessing:
                  - impute: {columns: [age], strategy: median}
                model:
                  type: xgboost_classifier
                  params: {max_depth: 4, eta: 0.1}
                  early_stopping: 10
                """);

        TrainConfig config = TrainConfig.read(file);

        assertThat(config.data()).isEqualTo(dir.resolve("data/churn.csv"));
        assertThat(config.target()).isEqualTo("churn");
        assertThat(config.exclude()).containsExactly("customer_id");
        assertThat(config.splitColumn()).isNull();
        assertThat(config.split()).isEqualTo(new TrainConfig.SplitSettings(0.15, 0.15, 42, true, 0));
        assertThat(config.preprocessing()).containsExactly(Map.of("impute",
                Map.of("columns", List.of("age"), "strategy", "median")));
        assertThat(config.model()).isEqualTo(new TrainConfig.ModelSettings(ModelType.XGBOOST_CLASSIFIER,
                Map.of("max_depth", 4, "eta", 0.1), 100, 10));
        assertThat(config.output()).isEqualTo(dir.resolve("model"));
    }

    @Test
    void aModelsParametersComeFromItsTypeAndTheConfigOverridesThem() {
        assertThat(ModelType.XGBOOST_CLASSIFIER.params(2, Map.of("eta", 0.1), 7)).containsEntry("objective",
                "binary:logistic").containsEntry("eta", 0.1).containsEntry("seed", 7L);
        assertThat(ModelType.XGBOOST_CLASSIFIER.params(3, Map.of(), 7)).containsEntry("objective", "multi:softprob")
                .containsEntry("num_class", 3);
        assertThat(ModelType.RANDOM_FOREST_REGRESSOR.params(0, Map.of(), 7)).containsEntry("num_parallel_tree", 100)
                .containsEntry("objective", "reg:squarederror");
        assertThat(ModelType.LOGISTIC_REGRESSION.params(2, Map.of(), 7)).containsEntry("booster", "gblinear");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "data: {path: a.csv}\\nmodel: {type: xgboost_classifier}\\n | 'target' is missing",
        "data: {path: a.csv, target: y}\\nmodel: {type: boosted}\\n | train.yaml:2: unknown model type 'boosted'",
        "data: {path: a.csv, target: y, colums: [a]}\\nmodel: {type: xgboost_regressor}\\n | train.yaml:1: unknown key 'colums' in 'data'",
        "data: {path: a.csv, target: y}\\nmodel: {type: xgboost_regressor, rounds: 0}\\n | train.yaml:2: 'rounds' must be at least 1",
        "data: {path: a.csv, target: y}\\nsplit: {test: 1.5}\\nmodel: {type: xgboost_regressor}\\n | train.yaml:2: 'test' must be a fraction",
        "data: {path: a.csv, target: y}\\n | 'model' must be a mapping, and is missing",
        "data: {path: a.csv, target: y}\\nmodel: {type: xgboost_regressor}\\nepochs: 3\\n | train.yaml:3: unknown key 'epochs' in the config",
    })
    void aBadConfigIsRefusedWithItsLine(String yaml, String message) throws IOException {
        Path file = Files.writeString(dir.resolve("train.yaml"), yaml.replace("\\n", "\n"));
        assertThatThrownBy(() -> TrainConfig.read(file)).isInstanceOf(CapstanException.class)
                .hasMessageContaining(message.trim());
    }
}
