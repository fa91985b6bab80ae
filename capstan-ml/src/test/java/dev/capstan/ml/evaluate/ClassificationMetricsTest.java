package dev.capstan.ml.evaluate;

import dev.capstan.CapstanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassificationMetricsTest {

    private static final List<String> YES_NO = List.of("no", "yes");

    @ParameterizedTest
    @ValueSource(strings = {"binary-ties", "binary-imbalanced", "binary-perfect", "binary-single-class",
            "multiclass-3", "multiclass-4-unpredicted", "multiclass-absent-class"})
    void equalsScikitLearn(String name) {
        SklearnFixture fixture = SklearnFixture.load(name);

        Evaluation evaluation = ClassificationMetrics.evaluate(fixture.labels(), fixture.ints("actual"),
                fixture.probabilities());

        assertThat(evaluation.labels()).isEqualTo(fixture.labels());
        fixture.assertMetrics(evaluation.metrics());
        assertThat(evaluation.confusionMatrix()).isDeepEqualTo(fixture.confusionMatrix());
        assertCurves(fixture, evaluation);
    }

    @Test
    void leavesOutRankingMetricsWhenOnlyOneClassOccurs() {
        Evaluation evaluation = ClassificationMetrics.evaluate(YES_NO, new int[] {0, 0, 0},
                new double[][] {{0.9, 0.1}, {0.4, 0.6}, {0.5, 0.5}});

        assertThat(evaluation.metrics()).doesNotContainKeys("roc_auc", "precision_recall_auc")
                .containsEntry("accuracy_score", 2.0 / 3).containsEntry("precision_score", 0.0);
    }

    @Test
    void predictsTheLowestIndexOnATie() {
        Evaluation evaluation = ClassificationMetrics.evaluate(List.of("a", "b", "c"), new int[] {0, 1, 2},
                new double[][] {{0.4, 0.4, 0.2}, {0.2, 0.4, 0.4}, {0.3, 0.3, 0.3}});

        assertThat(evaluation.confusionMatrix()).isDeepEqualTo(new int[][] {{1, 0, 0}, {0, 1, 0}, {1, 0, 0}});
    }

    @Test
    void rejectsArraysOfDifferentLengths() {
        assertInvalid(YES_NO, new int[] {0, 1}, new double[][] {{0.5, 0.5}},
                "actual has 2 rows but probabilities has 1");
    }

    @Test
    void rejectsNoRows() {
        assertInvalid(YES_NO, new int[0], new double[0][], "No rows to evaluate");
    }

    @Test
    void rejectsARowOfTheWrongWidth() {
        assertInvalid(YES_NO, new int[] {0, 1}, new double[][] {{0.5, 0.5}, {0.2, 0.3, 0.5}},
                "probabilities[1] has 3 columns; expected 2");
    }

    @Test
    void rejectsAClassIndexOutOfRange() {
        assertInvalid(YES_NO, new int[] {0, 2}, new double[][] {{0.5, 0.5}, {0.5, 0.5}},
                "actual[1] is class index 2; expected 0 to 1");
        assertInvalid(YES_NO, new int[] {-1, 0}, new double[][] {{0.5, 0.5}, {0.5, 0.5}},
                "actual[0] is class index -1");
    }

    @Test
    void rejectsNaNAndOutOfRangeProbabilities() {
        assertInvalid(YES_NO, new int[] {0, 1}, new double[][] {{0.5, 0.5}, {Double.NaN, 0.5}},
                "probabilities[1][0] is NaN; expected a probability in [0, 1]");
        assertInvalid(YES_NO, new int[] {0}, new double[][] {{-0.5, 1.5}}, "probabilities[0][0] is -0.5");
    }

    @Test
    void rejectsFewerThanTwoLabels() {
        assertInvalid(List.of("only"), new int[] {0}, new double[][] {{1.0}}, "Expected at least 2 class labels");
    }

    private static void assertCurves(SklearnFixture fixture, Evaluation evaluation) {
        if (!fixture.has("roc")) {
            assertThat(evaluation.roc()).isNull();
            assertThat(evaluation.precisionRecall()).isNull();
            assertThat(evaluation.calibration()).isNull();
            return;
        }
        assertThat(evaluation.roc().x()).as("fpr").containsExactly(fixture.doubles("roc", "fpr"));
        assertThat(evaluation.roc().y()).as("tpr").containsExactly(fixture.doubles("roc", "tpr"));
        assertThat(evaluation.roc().thresholds()).containsExactly(fixture.doubles("roc", "thresholds"));
        Curve pr = evaluation.precisionRecall();
        assertThat(pr.x()).as("recall").containsExactly(fixture.doubles("precision_recall", "recall"));
        assertThat(pr.y()).as("precision").containsExactly(fixture.doubles("precision_recall", "precision"));
        assertThat(pr.thresholds()).containsExactly(fixture.doubles("precision_recall", "thresholds"));
        assertThat(evaluation.calibration().fractionOfPositives())
                .containsExactly(fixture.doubles("calibration", "fraction_of_positives"));
        assertThat(evaluation.calibration().meanPredictedValue())
                .containsExactly(fixture.doubles("calibration", "mean_predicted_value"));
    }

    private static void assertInvalid(List<String> labels, int[] actual, double[][] probabilities, String message) {
        assertThatThrownBy(() -> ClassificationMetrics.evaluate(labels, actual, probabilities))
                .isInstanceOf(CapstanException.class).hasMessageContaining(message);
    }
}
