package dev.capstan.ml.evaluate;

import dev.capstan.CapstanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegressionMetricsTest {

    @ParameterizedTest
    @ValueSource(strings = {"regression", "regression-constant", "regression-constant-perfect"})
    void equalsScikitLearn(String name) {
        SklearnFixture fixture = SklearnFixture.load(name);

        fixture.assertMetrics(RegressionMetrics.evaluate(fixture.doubles("actual"), fixture.doubles("predicted")));
    }

    @Test
    void scoresAConstantTargetWhoseMeanDoesNotRoundBack() {
        double[] actual = new double[7];
        Arrays.fill(actual, 0.1);
        double[] predicted = actual.clone();
        predicted[0] = 0.2;

        assertThat(RegressionMetrics.evaluate(actual, predicted)).containsEntry("r2_score", 0.0);
        assertThat(RegressionMetrics.evaluate(actual, actual)).containsEntry("r2_score", 1.0);
    }

    @Test
    void rejectsArraysOfDifferentLengths() {
        assertInvalid(new double[] {1, 2}, new double[] {1}, "actual has 2 rows but predicted has 1");
    }

    @Test
    void rejectsNoRows() {
        assertInvalid(new double[0], new double[0], "No rows to evaluate");
    }

    @Test
    void rejectsNaN() {
        assertInvalid(new double[] {1, Double.NaN}, new double[] {1, 2}, "actual[1] is NaN; expected a finite number");
        assertInvalid(new double[] {1, 2}, new double[] {Double.NaN, 2}, "predicted[0] is NaN");
        assertInvalid(new double[] {1, 2}, new double[] {1, Double.POSITIVE_INFINITY}, "predicted[1] is Infinity");
    }

    private static void assertInvalid(double[] actual, double[] predicted, String message) {
        assertThatThrownBy(() -> RegressionMetrics.evaluate(actual, predicted))
                .isInstanceOf(CapstanException.class).hasMessageContaining(message);
    }
}
