package dev.capstan.ml.preprocess;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A {@code double[]} column fits and transforms exactly as the same numbers boxed as {@code Double}s. */
class NumericColumnsTest {

    private static final double[] AGE = {30, Double.NaN, 50, 41.5, 22, 67, Double.NaN, 35};
    private static final double[] SPEND = {10.5, 200, -3, 0, 77.25, Double.NaN, 9.75, 150};
    private static final double[] PLAN = {1, 2, Double.NaN, 1, 3, 2, 2, Double.NaN};
    private static final Object[] CITY = {"paris", "rome", null, "paris", "oslo", "rome", "oslo", null};
    private static final double[] TARGET = {0, 1, 0, 1, 0, 1, 1, 0};

    private static final Map<String, ?> IMPUTE = Map.of("impute", Map.of("columns", List.of("age", "spend"),
            "strategy", "median"));
    private static final Map<String, ?> SCALE = Map.of("scale", Map.of("columns", List.of("age", "spend"),
            "method", "standard"));
    private static final Map<String, ?> ONE_HOT = Map.of("one_hot", Map.of("columns", List.of("plan", "city")));
    private static final List<Step> STEPS = PreprocessSpec.parse(List.of(IMPUTE, SCALE, ONE_HOT,
            Map.of("select_k_best", Map.of("k", 6))));

    private static Frame numbers() {
        return frame(AGE, SPEND, PLAN);
    }

    private static Frame boxed() {
        return frame(box(AGE), box(SPEND), box(PLAN));
    }

    private static Frame frame(Object age, Object spend, Object plan) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("age", age);
        columns.put("spend", spend);
        columns.put("plan", plan);
        columns.put("city", CITY);
        return Frame.of(columns);
    }

    /** The numbers as {@code Double}s, a NaN as null or as a NaN {@code Double} in turn: both are missing. */
    private static Object[] box(double[] values) {
        Object[] boxed = new Object[values.length];
        int missing = 0;
        for (int i = 0; i < values.length; i++) {
            boolean asNull = Double.isNaN(values[i]) && missing++ % 2 == 0;
            boxed[i] = asNull ? null : (Object) values[i];
        }
        return boxed;
    }

    @Test
    void fitsTheSameParameters() {
        assertThat(Preprocessor.fit(STEPS, numbers(), TARGET).toJson())
                .isEqualTo(Preprocessor.fit(STEPS, boxed(), TARGET).toJson());
    }

    @Test
    void transformsToTheSameFeatures() {
        Preprocessor fromNumbers = Preprocessor.fit(STEPS, numbers(), TARGET);
        Preprocessor fromBoxed = Preprocessor.fit(STEPS, boxed(), TARGET);
        float[] expected = fromBoxed.transform(boxed());

        assertThat(fromNumbers.transform(numbers())).containsExactly(expected);
        assertThat(fromBoxed.transform(numbers())).containsExactly(expected);
        assertThat(fromNumbers.transform(boxed())).containsExactly(expected);
    }

    @Test
    void keepsAMissingNumberMissing() {
        List<Step> steps = PreprocessSpec.parse(List.of(SCALE, ONE_HOT));
        float[] expected = Preprocessor.fit(steps, boxed(), null).transform(boxed());

        assertThat(Preprocessor.fit(steps, numbers(), null).transform(numbers())).containsExactly(expected);
        assertThat(expected).contains(Float.NaN);   // nothing imputes age and spend
    }

    @Test
    void aRowOfANumericFrameIsTheRowAsGiven() {
        Frame frame = numbers();
        Preprocessor pre = Preprocessor.fit(STEPS, frame, TARGET);
        int width = pre.featureNames().size();
        float[] all = pre.transform(frame);
        for (int r = 0; r < frame.rows(); r++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int c = 0; c < frame.names().size(); c++) {
                row.put(frame.names().get(c), frame.value(c, r));
            }
            assertThat(pre.transformRow(row)).as("row %d", r).containsExactly(
                    Arrays.copyOfRange(all, r * width, (r + 1) * width));
        }
    }
}
