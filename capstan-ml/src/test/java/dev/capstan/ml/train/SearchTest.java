package dev.capstan.ml.train;

import dev.capstan.CapstanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchTest {

    @TempDir
    Path dir;

    private TrainConfig config(String search) throws IOException {
        TrainingTest.churn(dir, 1500, 4);
        return TrainConfig.read(Files.writeString(dir.resolve("train.yaml"), """
                data: {path: churn.csv, target: churn, exclude: [customer_id]}
                split: {validation: 0.25, test: 0.0, seed: 3}
                preprocessing: [{one_hot: {columns: [plan]}}]
                model: {type: xgboost_classifier, rounds: 30}
                search:
                %s
                output: model
                """.formatted(search.indent(2))));
    }

    @Test
    void aGridTriesEveryCombinationAndKeepsTheBestByTheMetric() throws IOException {
        TrainConfig config = config("method: grid\nmetric: log_loss\nspace: {max_depth: [1, 3], eta: [0.05, 0.3]}\n");

        Search.Result result = Search.run(config);

        assertThat(result.trials()).extracting(Search.Trial::params).containsExactly(
                Map.of("max_depth", 1, "eta", 0.05), Map.of("max_depth", 1, "eta", 0.3),
                Map.of("max_depth", 3, "eta", 0.05), Map.of("max_depth", 3, "eta", 0.3));
        double best = result.trials().stream().mapToDouble(t -> t.outcome().validation().metrics().get("log_loss"))
                .min().orElseThrow();
        assertThat(result.best().outcome().validation().metrics().get("log_loss")).isEqualTo(best);
        assertThat(result.best().outcome().model()).isEqualTo(dir.resolve("model"));
        assertThat(dir.resolve("model/MLmodel")).exists();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("trial"));
        }
    }

    @Test
    void aRandomSearchDrawsTheSameTrialsFromTheSameSeed() throws IOException {
        TrainConfig.SearchSettings settings = new TrainConfig.SearchSettings("random", 5, "roc_auc", Map.of(
                "max_depth", List.of(2, 4, 6), "eta", Map.of("min", 0.01, "max", 0.3, "log", true),
                "min_child_weight", Map.of("min", 1, "max", 10, "integer", true)));

        List<Map<String, Object>> first = Search.combinations(settings, 9);

        assertThat(first).hasSize(5).isEqualTo(Search.combinations(settings, 9));
        assertThat(first).allSatisfy(draw -> {
            assertThat((double) draw.get("eta")).isBetween(0.01, 0.3);
            assertThat(draw.get("min_child_weight")).isInstanceOf(Long.class);
            assertThat(List.of(2, 4, 6)).contains((Integer) draw.get("max_depth"));
        });
    }

    @Test
    void aSearchNeedsValidationRowsAndAMetricTheyHave() throws IOException {
        TrainConfig config = config("method: grid\nmetric: auc\nspace: {max_depth: [1, 2]}\n");
        assertThatThrownBy(() -> Search.run(config)).isInstanceOf(CapstanException.class)
                .hasMessageContaining("no metric 'auc'");
    }
}
