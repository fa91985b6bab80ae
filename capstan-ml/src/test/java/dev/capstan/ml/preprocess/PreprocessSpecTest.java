package dev.capstan.ml.preprocess;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.capstan.CapstanException;
import dev.capstan.ml.preprocess.Step.Impute;
import dev.capstan.ml.preprocess.Step.OneHot;
import dev.capstan.ml.preprocess.Step.Scale;
import dev.capstan.ml.preprocess.Step.SelectKBest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreprocessSpecTest {

    private static final String TRAIN_YAML = """
            preprocessing:
              - impute: {columns: [age, income], strategy: median}
              - impute: {columns: [city], strategy: constant, fill_value: unknown}
              - impute: {columns: [tenure], strategy: constant, fill_value: -1}
              - scale: {columns: [age, income], method: standard}
              - one_hot: {columns: [city, plan], handle_unknown: ignore}
              - select_k_best: {k: 20, score: chi2}
            """;

    @Test
    void readsTheStepsOfATrainYaml() throws Exception {
        List<Step> steps = PreprocessSpec.parse(yaml(TRAIN_YAML));

        assertThat(steps).containsExactly(
                new Impute(List.of("age", "income"), Impute.Strategy.MEDIAN, null),
                new Impute(List.of("city"), Impute.Strategy.CONSTANT, "unknown"),
                new Impute(List.of("tenure"), Impute.Strategy.CONSTANT, -1),
                new Scale(List.of("age", "income"), Scale.Method.STANDARD),
                new OneHot(List.of("city", "plan"), OneHot.HandleUnknown.IGNORE),
                new SelectKBest(20, SelectKBest.Score.CHI2));
    }

    @Test
    void defaultsAreSklearns() {
        List<Step> steps = PreprocessSpec.parse(List.of(
                Map.of("impute", Map.of("columns", List.of("a"))),
                Map.of("one_hot", Map.of("columns", List.of("b"))),
                Map.of("select_k_best", Map.of("k", 1))));

        assertThat(steps).containsExactly(
                new Impute(List.of("a"), Impute.Strategy.MEAN, null),
                new OneHot(List.of("b"), OneHot.HandleUnknown.ERROR),
                new SelectKBest(1, SelectKBest.Score.F_CLASSIF));
        assertThat(PreprocessSpec.parse(null)).isEmpty();
    }

    @Test
    void errorsNameTheStepIndexAndKey() {
        assertFails(Map.of("normalize", Map.of("columns", List.of("a"))),
                "preprocessing[1].normalize: unknown step; expected impute, scale, one_hot or select_k_best");
        assertFails(Map.of("scale", Map.of("columns", List.of("a"), "metod", "standard")),
                "preprocessing[1].scale: unknown key 'metod'; expected one of columns, method");
        assertFails(Map.of("scale", Map.of("columns", List.of("a"), "method", "z-score")),
                "preprocessing[1].scale: method: expected one of minmax, standard, found 'z-score'");
        assertFails(Map.of("scale", Map.of("columns", List.of("a"))),
                "preprocessing[1].scale: method: expected one of minmax, standard, found nothing");
        assertFails(Map.of("impute", Map.of("columns", "age")),
                "preprocessing[1].impute: columns: expected a non-empty list of column names, found 'age'");
        assertFails(Map.of("impute", Map.of("columns", List.of("a", "a"))),
                "preprocessing[1].impute: columns: 'a' is listed twice");
        assertFails(Map.of("impute", Map.of("columns", List.of("a"), "fill_value", 0)),
                "preprocessing[1].impute: fill_value: only used with strategy constant, not mean");
        assertFails(Map.of("impute", Map.of("columns", List.of("a"), "strategy", "constant", "fill_value", List.of())),
                "preprocessing[1].impute: fill_value: expected a number or a string, found []");
        assertFails(Map.of("select_k_best", Map.of("k", 2.5)),
                "preprocessing[1].select_k_best: k: expected a whole number of at least 1, found 2.5");
        assertFails(Map.of("select_k_best", Map.of("k", 0)),
                "preprocessing[1].select_k_best: k: expected a whole number of at least 1, found 0");
        assertFails(Map.of("one_hot", List.of("a")),
                "preprocessing[1].one_hot: expected a map of settings, found [a]");
        assertFails(Map.of("one_hot", Map.of(), "scale", Map.of()), "preprocessing[1]: expected a map with one key");
    }

    private static void assertFails(Map<String, ?> second, String message) {
        List<Object> items = List.of(Map.of("impute", Map.of("columns", List.of("x"))), second);
        assertThatThrownBy(() -> PreprocessSpec.parse(items))
                .isInstanceOf(CapstanException.class)
                .hasMessageStartingWith(message);
    }

    private static List<?> yaml(String text) throws Exception {
        return (List<?>) new YAMLMapper().readValue(text, Map.class).get("preprocessing");
    }
}
