package dev.capstan.ml.preprocess;

import dev.capstan.CapstanException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreprocessorTest {

    private static final double[] TARGET = {0, 1, 0, 1};

    private static Frame frame() {
        Map<String, Object[]> columns = new LinkedHashMap<>();
        columns.put("age", new Object[] {30.0, null, 50.0, 41.5});
        columns.put("city", new Object[] {"paris", "rome", null, "paris"});
        columns.put("n", new Object[] {1L, 2L, 3L, 4L});
        return Frame.of(columns);
    }

    private static Map<String, ?> step(String name, Object... keyValues) {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Map.of(name, settings);
    }

    private static List<Step> parse(Map<?, ?>... items) {
        return PreprocessSpec.parse(List.of(items));
    }

    @Test
    void passThroughColumnsAreNumbersInInputOrderWithOneHotExpandedInPlace() {
        Preprocessor pre = Preprocessor.fit(parse(step("one_hot", "columns", List.of("city"))), frame(), null);

        assertThat(pre.featureNames()).containsExactly("age", "city_paris", "city_rome", "city_nan", "n");
        assertThat(pre.transform(frame())).containsExactly(
                30f, 1f, 0f, 0f, 1f,
                Float.NaN, 0f, 1f, 0f, 2f,
                50f, 0f, 0f, 1f, 3f,
                41.5f, 1f, 0f, 0f, 4f);
    }

    @Test
    void decimalTextAndBooleansPassThroughAsNumbers() {
        Frame frame = Frame.of(Map.of("x", new Object[] {"1.5", " -2e3 ", true, false, null}));
        Preprocessor pre = Preprocessor.fit(List.of(), frame, null);

        assertThat(pre.transform(frame)).containsExactly(1.5f, -2000f, 1f, 0f, Float.NaN);
    }

    @Test
    void textInAPassThroughColumnIsAnErrorNamingColumnAndRow() {
        assertThatThrownBy(() -> Preprocessor.fit(List.of(), frame(), null))
                .isInstanceOf(CapstanException.class)
                .hasMessage("Column 'city' row 0: expected a number, found text 'paris'");
        Preprocessor pre = Preprocessor.fit(parse(step("one_hot", "columns", List.of("city"))), frame(), null);
        Map<String, Object> row = row(1.0, "rome", "seven");
        assertThatThrownBy(() -> pre.transformRow(row))
                .hasMessage("Column 'n': expected a number, found text 'seven'");
    }

    @Test
    void stepNamingAMissingColumnIsAnErrorNamingStepAndColumn() {
        List<Step> steps = parse(step("impute", "columns", List.of("age")), step("scale", "columns", List.of("agee"),
                "method", "standard"));

        assertThatThrownBy(() -> Preprocessor.fit(steps, frame(), null))
                .isInstanceOf(CapstanException.class)
                .hasMessage("preprocessing[1] (scale): no column 'agee' in the training data; it has [age, city, n]");
    }

    @Test
    void emptyTrainingFrameIsAnError() {
        Frame empty = Frame.of(Map.of("age", new Object[0]));

        assertThatThrownBy(() -> Preprocessor.fit(List.of(), empty, null))
                .hasMessage("The training frame is empty (0 rows, 1 columns)");
    }

    @Test
    void kLargerThanTheFeaturesIsAnError() {
        List<Step> steps = parse(step("impute", "columns", List.of("age")),
                step("one_hot", "columns", List.of("city")), step("select_k_best", "k", 6));

        assertThatThrownBy(() -> Preprocessor.fit(steps, frame(), TARGET))
                .hasMessage("preprocessing[2] (select_k_best): k = 6 is larger than the number of features (5):"
                        + " [age, city_paris, city_rome, city_nan, n]");
    }

    @Test
    void meanOrMedianOfATextColumnIsAnErrorNamingIt() {
        for (String strategy : List.of("mean", "median")) {
            List<Step> steps = parse(step("impute", "columns", List.of("age", "city"), "strategy", strategy));
            assertThatThrownBy(() -> Preprocessor.fit(steps, frame(), null))
                    .hasMessage("preprocessing[0] (impute): column 'city' holds text; strategy %s needs numbers",
                            strategy);
        }
        List<Step> scale = parse(step("scale", "columns", List.of("city"), "method", "minmax"));
        assertThatThrownBy(() -> Preprocessor.fit(scale, frame(), null))
                .hasMessage("preprocessing[0] (scale): column 'city' holds text; scale needs numbers");
    }

    @Test
    void fillValueMustMatchTheColumn() {
        List<Step> steps = parse(step("impute", "columns", List.of("city"), "strategy", "constant", "fill_value", 0));

        assertThatThrownBy(() -> Preprocessor.fit(steps, frame(), null))
                .hasMessage("preprocessing[0] (impute): fill_value 0 is a number but column 'city' holds text");
    }

    @Test
    void selectKBestMustBeLastAndNeedsTheTargetAndNoMissingValues() {
        List<Step> notLast = parse(step("select_k_best", "k", 1), step("impute", "columns", List.of("age")));
        assertThatThrownBy(() -> Preprocessor.fit(notLast, frame(), TARGET))
                .hasMessage("preprocessing[0] (select_k_best): must be the last step");

        List<Step> select = parse(step("one_hot", "columns", List.of("city")), step("select_k_best", "k", 1));
        assertThatThrownBy(() -> Preprocessor.fit(select, frame(), null))
                .hasMessage("preprocessing[1] (select_k_best): needs the target, and none was given");
        assertThatThrownBy(() -> Preprocessor.fit(select, frame(), TARGET))
                .hasMessage("preprocessing[1] (select_k_best): feature 'age' has missing values; select_k_best"
                        + " needs none (impute the column first)");
    }

    @Test
    void chi2NeedsNonNegativeFeaturesAndTwoClasses() {
        List<Step> chi2 = parse(step("impute", "columns", List.of("age")),
                step("one_hot", "columns", List.of("city")),
                step("scale", "columns", List.of("n"), "method", "standard"),
                step("select_k_best", "k", 1, "score", "chi2"));
        assertThatThrownBy(() -> Preprocessor.fit(chi2, frame(), TARGET))
                .hasMessage("preprocessing[3] (select_k_best): chi2 needs non-negative features; feature 'n' has a"
                        + " negative value (scale it with minmax first)");

        List<Step> fClassif = parse(step("impute", "columns", List.of("age")),
                step("one_hot", "columns", List.of("city")), step("select_k_best", "k", 1));
        assertThatThrownBy(() -> Preprocessor.fit(fClassif, frame(), new double[] {1, 1, 1, 1}))
                .hasMessage("preprocessing[2] (select_k_best): needs at least 2 classes in the target, found 1");
    }

    @Test
    void numericCategoriesMatchByValueWhateverTheNumberType() {
        Preprocessor pre = Preprocessor.fit(parse(step("one_hot", "columns", List.of("n", "city"),
                "handle_unknown", "ignore")), frame(), null);

        assertThat(pre.featureNames()).containsExactly("age", "city_paris", "city_rome", "city_nan",
                "n_1", "n_2", "n_3", "n_4");
        assertThat(pre.transformRow(row(null, "rome", 2.0))).containsExactly(Float.NaN, 0f, 1f, 0f, 0f, 1f, 0f, 0f);
        assertThat(pre.transformRow(row(null, "rome", 2))).containsExactly(Float.NaN, 0f, 1f, 0f, 0f, 1f, 0f, 0f);
        assertThat(pre.transformRow(row(null, 3L, 2.5))).containsExactly(Float.NaN, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
    }

    @Test
    void aOneHotEncodedColumnCannotBeUsedLater() {
        List<Step> steps = parse(step("one_hot", "columns", List.of("n")),
                step("scale", "columns", List.of("n"), "method", "standard"));

        assertThatThrownBy(() -> Preprocessor.fit(steps, frame(), null))
                .hasMessage("preprocessing[1] (scale): column 'n' is one-hot encoded by preprocessing[0] (one_hot);"
                        + " later steps cannot use it");
    }

    @Test
    void unknownCategoryIsZerosOrAnErrorNamingColumnAndValue() {
        Preprocessor ignore = Preprocessor.fit(parse(step("one_hot", "columns", List.of("city"),
                "handle_unknown", "ignore")), frame(), null);
        assertThat(ignore.transformRow(row(1.0, "tokyo", 2L))).containsExactly(1f, 0f, 0f, 0f, 2f);

        Preprocessor error = Preprocessor.fit(parse(step("one_hot", "columns", List.of("city"))), frame(), null);
        assertThatThrownBy(() -> error.transformRow(row(1.0, "tokyo", 2L)))
                .hasMessage("one_hot column 'city': unknown category text 'tokyo' (handle_unknown: error)");
        Frame test = Frame.of(Map.of("age", new Object[] {1.0, 2.0}, "city", new Object[] {"rome", "oslo"},
                "n", new Object[] {1L, 2L}));
        assertThatThrownBy(() -> error.transform(test))
                .hasMessage("one_hot column 'city' row 1: unknown category text 'oslo' (handle_unknown: error)");
    }

    @Test
    void transformRowNeedsEveryInputColumnAndIgnoresOthers() {
        Preprocessor pre = Preprocessor.fit(parse(step("one_hot", "columns", List.of("city"))), frame(), null);
        Map<String, Object> row = new HashMap<>(Map.of("age", 3.0, "n", 1L, "extra", "x"));

        assertThatThrownBy(() -> pre.transformRow(row)).hasMessage("The row has no column 'city'");
        row.put("city", null);
        assertThat(pre.transformRow(row)).containsExactly(3f, 0f, 0f, 1f, 1f);
    }

    @Test
    void transformNeedsEveryInputColumn() {
        Preprocessor pre = Preprocessor.fit(parse(step("one_hot", "columns", List.of("city"))), frame(), null);

        assertThatThrownBy(() -> pre.transform(Frame.of(Map.of("age", new Object[] {1.0}))))
                .hasMessage("No column 'city'; the frame has [age]");
    }

    @Test
    void integerFillValueRoundTrips() {
        List<Step> steps = parse(step("impute", "columns", List.of("age"), "strategy", "constant", "fill_value", -1),
                step("one_hot", "columns", List.of("city")));
        Preprocessor pre = Preprocessor.fit(steps, frame(), null);

        assertThat(Preprocessor.fromJson(pre.toJson()).toJson()).isEqualTo(pre.toJson())
                .contains("\"fill_value\" : -1,");
        assertThat(pre.transform(frame())[5]).isEqualTo(-1f);
    }

    private static Map<String, Object> row(Object age, Object city, Object n) {
        Map<String, Object> row = new HashMap<>();
        row.put("age", age);
        row.put("city", city);
        row.put("n", n);
        return row;
    }
}
