package dev.capstan.ml.train;

import dev.capstan.CapstanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CrossValidationTest {

    @TempDir
    Path dir;

    private TrainConfig config(int folds) throws IOException {
        TrainingTest.churn(dir, 1000, 6);
        return TrainConfig.read(Files.writeString(dir.resolve("train.yaml"), """
                data: {path: churn.csv, target: churn, exclude: [customer_id]}
                split: {validation: 0.2, test: 0.0, seed: 5, folds: %d}
                preprocessing: [{impute: {columns: [age], strategy: mean}}, {one_hot: {columns: [plan]}}]
                model: {type: xgboost_classifier, rounds: 20}
                output: model
                """.formatted(folds)));
    }

    @Test
    void eachFoldIsHeldOutOnceAndTheEstimateIsTheirMeanAndSpread() throws IOException {
        CrossValidation.Result cv = CrossValidation.run(config(4));

        assertThat(cv.folds()).hasSize(4);
        assertThat(cv.folds()).allSatisfy(m -> assertThat(m.get("example_count")).isEqualTo(250.0));
        double mean = cv.folds().stream().mapToDouble(m -> m.get("roc_auc")).average().orElseThrow();
        assertThat(cv.mean().get("roc_auc")).isCloseTo(mean, within(1e-12));
        assertThat(cv.std().get("roc_auc")).isPositive();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("fold"));
        }
    }

    @Test
    void oneFoldIsRefused() {
        assertThatThrownBy(() -> config(1)).isInstanceOf(CapstanException.class)
                .hasMessageContaining("'folds' must be 0 (none) or at least 2");
    }
}
