package dev.capstan.ml.train;

import dev.capstan.CapstanException;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoosterTrainingTest {

    /** y = 1 when x0 + noise > x1: learnable, but noisy enough that validation loss turns up. */
    private static LabeledMatrix data(int rows, long seed) {
        Random random = new Random(seed);
        float[] x = new float[rows * 3];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            x[3 * i] = (float) random.nextGaussian();
            x[3 * i + 1] = (float) random.nextGaussian();
            x[3 * i + 2] = i % 7 == 0 ? Float.NaN : (float) random.nextGaussian();
            y[i] = x[3 * i] + random.nextGaussian() > x[3 * i + 1] ? 1 : 0;
        }
        return new LabeledMatrix(x, y, List.of("a", "b", "c"));
    }

    private static final Map<String, Object> PARAMS = Map.of("objective", "binary:logistic", "eta", 0.3,
            "max_depth", 6, "eval_metric", List.of("auc", "logloss"), "seed", 7, "nthread", 2);

    @Test
    void theSameDataAndSeedGiveTheSameModelBytes() {
        BoosterTraining.Result first = BoosterTraining.train(data(2000, 1), data(500, 2), PARAMS, 20, 0);
        BoosterTraining.Result second = BoosterTraining.train(data(2000, 1), data(500, 2), PARAMS, 20, 0);

        assertThat(second.model()).isEqualTo(first.model());
        assertThat(first.rounds()).isEqualTo(20);
        assertThat(first.history()).containsOnlyKeys("train-auc", "train-logloss", "validation-auc",
                "validation-logloss");
        assertThat(first.history().get("validation-logloss")).hasSize(20);
        List<Double> trainLoss = first.history().get("train-logloss");
        assertThat(trainLoss.get(19)).isLessThan(trainLoss.get(0));
    }

    @Test
    void earlyStoppingStopsWhenTheValidationMetricNoLongerImprovesAndRecordsTheBestRound() throws Exception {
        Map<String, Object> params = new java.util.HashMap<>(PARAMS);
        params.put("eta", 0.8);   // overfits fast
        BoosterTraining.Result result = BoosterTraining.train(data(1000, 1), data(1000, 2), params, 500, 5);

        List<Double> loss = result.history().get("validation-logloss");
        assertThat(result.rounds()).isLessThan(500).isEqualTo(result.bestIteration() + 6);
        assertThat(loss).hasSize(result.rounds());
        assertThat(loss.get(result.bestIteration())).isEqualTo(loss.stream().mapToDouble(d -> d).min().orElseThrow());
        Booster booster = XGBoost.loadModel(new ByteArrayInputStream(result.model()));
        assertThat(booster.getAttr("best_iteration")).isEqualTo(Integer.toString(result.bestIteration()));
        booster.dispose();
    }

    @Test
    void badSettingsAreRefusedWithXgboostsReason() {
        assertThatThrownBy(() -> BoosterTraining.train(data(100, 1), null, Map.of("objective", "binary:nonsense"),
                5, 0)).isInstanceOf(CapstanException.class).hasMessageContaining("nonsense");
        assertThatThrownBy(() -> BoosterTraining.train(data(100, 1), null, PARAMS, 5, 3))
                .isInstanceOf(CapstanException.class).hasMessageContaining("early stopping needs a validation");
    }
}
