package dev.capstan.ml.train;

import dev.capstan.CapstanException;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.mlmodel.MLmodels;
import dev.capstan.ml.predict.Predictions;
import dev.capstan.ml.predict.Predictor;
import dev.capstan.ml.predict.Predictors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TrainingTest {

    @TempDir
    Path dir;

    /** Customers: churn is likelier when young, on the basic plan and spending little; some ages are missing. */
    static Path churn(Path dir, int rows, long seed) throws IOException {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>(List.of("customer_id,age,spend,plan,churn"));
        String[] plans = {"basic", "plus", "pro"};
        for (int i = 0; i < rows; i++) {
            int age = 18 + random.nextInt(60);
            double spend = Math.round(random.nextDouble() * 20000) / 100.0;
            String plan = plans[random.nextInt(3)];
            double risk = (age < 30 ? 1.2 : 0) + (plan.equals("basic") ? 1.0 : 0) - spend / 100 + random.nextGaussian();
            lines.add("C" + i + "," + (i % 17 == 0 ? "" : age) + "," + spend + "," + plan + ","
                    + (risk > 0 ? "yes" : "no"));
        }
        return Files.write(dir.resolve("churn.csv"), lines);
    }

    private TrainConfig config(String model) throws IOException {
        churn(dir, 3000, 1);
        Path file = Files.writeString(dir.resolve("train.yaml"), """
                data: {path: churn.csv, target: churn, exclude: [customer_id]}
                split: {validation: 0.2, test: 0.2, seed: 7}
                preprocessing:
                  - impute: {columns: [age], strategy: median}
                  - scale: {columns: [age, spend], method: standard}
                  - one_hot: {columns: [plan], handle_unknown: ignore}
                model:
                %s
                output: model
                """.formatted(model.indent(2)));
        return TrainConfig.read(file);
    }

    @Test
    void aClassifierTrainsIntoAPackageThatServesTheRawColumns() throws IOException {
        TrainConfig config = config("type: xgboost_classifier\nparams: {max_depth: 3, eta: 0.2}\nrounds: 300\n"
                + "early_stopping: 10\n");

        Training.Outcome outcome = Training.run(config);

        assertThat(outcome.classes()).containsExactly("no", "yes");
        assertThat(outcome.rows()).containsEntry("train", 1800).containsEntry("validation", 600)
                .containsEntry("test", 600);
        assertThat(outcome.booster().rounds()).isLessThan(300);
        assertThat(outcome.test().metrics().get("roc_auc")).isGreaterThan(0.75);
        assertThat(outcome.test().metrics()).containsKeys("accuracy_score", "f1_score", "log_loss");
        assertThat(MLmodels.read(outcome.model()).signature().inputs().columns()).extracting(c -> c.name())
                .containsExactly("age", "spend", "plan");

        try (Predictor predictor = Predictors.load(outcome.model())) {
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("age", new double[] {22, Double.NaN});
            columns.put("spend", new double[] {5.0, 190.0});
            columns.put("plan", new String[] {"basic", "enterprise"});   // a plan never seen: one-hot ignores it
            Predictions predictions = predictor.predict(ColumnarBatch.of(columns));
            assertThat((Object[]) predictions.output(Predictions.LABEL)).containsExactly("yes", "no");
            double[][] probabilities = (double[][]) predictions.output(Predictions.PROBABILITIES);
            assertThat(probabilities[0][0] + probabilities[0][1]).isCloseTo(1.0, within(1e-6));
        }
    }

    @Test
    void theSameConfigDataAndSeedGiveTheSameModelFiles() throws IOException {
        TrainConfig config = config("type: xgboost_classifier\nrounds: 20\n");
        Path first = Training.run(config).model();
        byte[] model = Files.readAllBytes(first.resolve("model.ubj"));
        byte[] spec = Files.readAllBytes(first.resolve("preprocessing.json"));
        String mlmodel = Files.readString(first.resolve("MLmodel"));

        Path second = Training.run(config).model();

        assertThat(Files.readAllBytes(second.resolve("model.ubj"))).isEqualTo(model);
        assertThat(Files.readAllBytes(second.resolve("preprocessing.json"))).isEqualTo(spec);
        assertThat(Files.readString(second.resolve("MLmodel"))).isEqualTo(mlmodel);
    }

    @Test
    void aRegressorAndARandomForestTrainToo() throws IOException {
        churn(dir, 1000, 2);
        Path file = Files.writeString(dir.resolve("reg.yaml"), """
                data: {path: churn.csv, target: spend, exclude: [customer_id, churn]}
                preprocessing: [{one_hot: {columns: [plan]}}]
                model: {type: random_forest_regressor, params: {max_depth: 4, num_parallel_tree: 20}}
                output: forest
                """);
        Training.Outcome outcome = Training.run(TrainConfig.read(file));

        assertThat(outcome.classes()).isEmpty();
        assertThat(outcome.booster().rounds()).isEqualTo(1);
        assertThat(outcome.test().metrics()).containsKeys("root_mean_squared_error", "r2_score");
    }

    @Test
    void badDataIsRefusedBeforeTraining() throws IOException {
        churn(dir, 200, 3);
        Files.writeString(dir.resolve("one.csv"), "x,y\n1,a\n2,a\n3,a\n");
        Files.writeString(dir.resolve("text.csv"), "x,y\n1,a\nlots,b\n3,a\n4,b\n");
        assertThatThrownBy(() -> train("churn.csv", "target: label")).isInstanceOf(CapstanException.class)
                .hasMessageContaining("the target column 'label' is not in the data");
        assertThatThrownBy(() -> train("one.csv", "target: y")).isInstanceOf(CapstanException.class)
                .hasMessageContaining("the single class 'a'");
        assertThatThrownBy(() -> train("text.csv", "target: y")).isInstanceOf(CapstanException.class)
                .hasMessageContaining("'x'").hasMessageContaining("lots");
    }

    private Training.Outcome train(String data, String target) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "data: {path: " + data + ", " + target + "}\n"
                + "split: {validation: 0, test: 0}\nmodel: {type: xgboost_classifier, rounds: 2}\n");
        return Training.run(TrainConfig.read(file));
    }
}
