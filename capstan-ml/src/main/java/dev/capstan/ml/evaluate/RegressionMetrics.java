package dev.capstan.ml.evaluate;

import dev.capstan.ml.evaluate.internal.Inputs;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Regressor metrics equal to scikit-learn's, under the names {@code mlflow.evaluate} logs them.
 *
 * <p>{@value #MEAN_ABSOLUTE_PERCENTAGE_ERROR} is a fraction, not a percentage, and divides by
 * {@code max(|actual|, eps)} with eps the float64 machine epsilon, so a zero target gives a huge but finite value,
 * as in scikit-learn. {@value #R2_SCORE} of a constant target is 1.0 when the predictions are perfect and 0.0
 * otherwise (scikit-learn's {@code force_finite=True}); the target counts as constant when all its values are
 * equal, where scikit-learn can be thrown off by the rounding of their mean (a target of seven 0.1s gets an r2 of
 * about −5e29 there). {@value #SUM_ON_TARGET} and {@value #MEAN_ON_TARGET} are MLflow's own: the sum and mean of
 * the actual values.
 *
 * <p>Stateless and thread-safe.
 */
public final class RegressionMetrics {

    public static final String MEAN_ABSOLUTE_ERROR = "mean_absolute_error";
    public static final String MEAN_SQUARED_ERROR = "mean_squared_error";
    public static final String ROOT_MEAN_SQUARED_ERROR = "root_mean_squared_error";
    public static final String SUM_ON_TARGET = "sum_on_target";
    public static final String MEAN_ON_TARGET = "mean_on_target";
    public static final String R2_SCORE = "r2_score";
    public static final String MAX_ERROR = "max_error";
    public static final String MEAN_ABSOLUTE_PERCENTAGE_ERROR = "mean_absolute_percentage_error";

    private static final double EPS = Math.ulp(1.0);

    private RegressionMetrics() {
    }

    /**
     * @param actual    the actual values
     * @param predicted the predicted values, one per actual value
     * @return metric values by name, in a fixed order
     * @throws dev.capstan.CapstanException if the arrays disagree in length, are empty, or hold NaN or infinity
     */
    public static Map<String, Double> evaluate(double[] actual, double[] predicted) {
        Inputs.checkRegression(actual, predicted);
        int n = actual.length;
        double squaredErrors = sumSquaredErrors(actual, predicted);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(MEAN_ABSOLUTE_ERROR, sumAbsoluteErrors(actual, predicted) / n);
        metrics.put(MEAN_SQUARED_ERROR, squaredErrors / n);
        metrics.put(ROOT_MEAN_SQUARED_ERROR, Math.sqrt(squaredErrors / n));
        metrics.put(SUM_ON_TARGET, sum(actual));
        metrics.put(MEAN_ON_TARGET, sum(actual) / n);
        metrics.put(R2_SCORE, r2(squaredErrors, sumSquaredDeviations(actual)));
        metrics.put(MAX_ERROR, maxError(actual, predicted));
        metrics.put(MEAN_ABSOLUTE_PERCENTAGE_ERROR, sumRelativeErrors(actual, predicted) / n);
        return Collections.unmodifiableMap(metrics);
    }

    private static double r2(double squaredErrors, double squaredDeviations) {
        if (squaredErrors == 0.0) {
            return 1.0;
        }
        return squaredDeviations == 0.0 ? 0.0 : 1.0 - squaredErrors / squaredDeviations;
    }

    private static double sumSquaredDeviations(double[] actual) {
        if (constant(actual)) {
            return 0.0;
        }
        double mean = sum(actual) / actual.length;
        return sum(actual.length, i -> square(actual[i] - mean));
    }

    private static boolean constant(double[] values) {
        return Arrays.stream(values).allMatch(v -> v == values[0]);
    }

    private static double sumSquaredErrors(double[] actual, double[] predicted) {
        return sum(actual.length, i -> square(actual[i] - predicted[i]));
    }

    private static double sumAbsoluteErrors(double[] actual, double[] predicted) {
        return sum(actual.length, i -> Math.abs(predicted[i] - actual[i]));
    }

    private static double sumRelativeErrors(double[] actual, double[] predicted) {
        return sum(actual.length, i -> Math.abs(predicted[i] - actual[i]) / Math.max(Math.abs(actual[i]), EPS));
    }

    private static double maxError(double[] actual, double[] predicted) {
        return IntStream.range(0, actual.length).mapToDouble(i -> Math.abs(actual[i] - predicted[i])).max()
                .orElseThrow();
    }

    /** Left to right, as MLflow's Python {@code sum(y)}. */
    private static double sum(double[] values) {
        return sum(values.length, i -> values[i]);
    }

    private static double sum(int n, IntToDoubleFunction term) {
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            sum += term.applyAsDouble(i);
        }
        return sum;
    }

    private static double square(double x) {
        return x * x;
    }
}
