package dev.capstan.ml.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Capstan's preprocessing against scikit-learn 1.2 on the committed fixtures: fitted parameters within 1e-12
 * relative, feature names equal, float32 outputs equal to sklearn's float64 outputs cast to float32.
 */
class SklearnEquivalenceTest {

    static List<JsonNode> cases() {
        return SklearnFixtures.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fittedParametersEqualSklearns(JsonNode testCase) throws Exception {
        Preprocessor pre = fit(testCase);
        JsonNode spec = Json.MAPPER.readTree(pre.toJson());
        JsonNode expected = testCase.get("params");
        for (int i = 0; i < expected.size(); i++) {
            JsonNode step = spec.get("steps").get(i);
            for (Map.Entry<String, JsonNode> param : expected.get(i).properties()) {
                String where = testCase.get("name").asText() + " step " + i + " " + param.getKey();
                if (param.getKey().equals("categories")) {
                    assertCategories(step.get("categories"), param.getValue(), where);
                } else {
                    assertValues(step.get(param.getKey()), param.getValue(), where);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void featureNamesEqualSklearns(JsonNode testCase) {
        assertThat(fit(testCase).featureNames()).isEqualTo(SklearnFixtures.strings(testCase.get("feature_names")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputsEqualSklearnsCastToFloat32(JsonNode testCase) {
        Preprocessor pre = fit(testCase);
        for (String table : List.of("train", "test")) {
            float[] actual = pre.transform(SklearnFixtures.frame(table, testCase));
            float[] expected = SklearnFixtures.float32(testCase.get(table + "_out"));
            assertSameFloats(actual, expected, testCase.get("name").asText() + " " + table);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void transformRowEqualsTransform(JsonNode testCase) {
        Preprocessor pre = fit(testCase);
        Frame test = SklearnFixtures.frame("test", testCase);
        float[] all = pre.transform(test);
        int width = pre.featureNames().size();
        for (int r = 0; r < test.rows(); r++) {
            float[] row = pre.transformRow(SklearnFixtures.row(test, r));
            float[] expected = Arrays.copyOfRange(all, r * width, (r + 1) * width);
            assertSameFloats(row, expected, "row " + r);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void jsonRoundTripsExactly(JsonNode testCase) {
        Preprocessor pre = fit(testCase);
        Preprocessor read = Preprocessor.fromJson(pre.toJson());
        assertThat(read.toJson()).isEqualTo(pre.toJson());
        assertThat(fit(testCase).toJson()).isEqualTo(pre.toJson());
        Frame test = SklearnFixtures.frame("test", testCase);
        assertSameFloats(read.transform(test), pre.transform(test), "after fromJson");
    }

    private static Preprocessor fit(JsonNode testCase) {
        return Preprocessor.fit(SklearnFixtures.steps(testCase), SklearnFixtures.frame("train", testCase),
                SklearnFixtures.target(testCase));
    }

    private static void assertCategories(JsonNode actual, JsonNode expected, String where) {
        assertThat(actual.size()).as(where).isEqualTo(expected.size());
        for (int j = 0; j < expected.size(); j++) {
            JsonNode sklearn = expected.get(j);
            boolean missing = sklearn.size() > 0 && sklearn.get(sklearn.size() - 1).isNull();
            assertThat(actual.get(j).get("missing").booleanValue()).as(where).isEqualTo(missing);
            JsonNode values = actual.get(j).get("values");
            assertThat(values.size()).as(where).isEqualTo(sklearn.size() - (missing ? 1 : 0));
            for (int k = 0; k < values.size(); k++) {
                assertValue(values.get(k), sklearn.get(k), where + " [" + j + "][" + k + "]");
            }
        }
    }

    private static void assertValues(JsonNode actual, JsonNode expected, String where) {
        assertThat(actual).as(where).isNotNull();
        assertThat(actual.size()).as(where).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertValue(actual.get(i), expected.get(i), where + "[" + i + "]");
        }
    }

    private static void assertValue(JsonNode actual, JsonNode expected, String where) {
        if (expected.isTextual() || expected.isBoolean() || expected.isIntegralNumber()) {
            assertThat(actual).as(where).isEqualTo(expected);
            return;
        }
        double a = actual.isTextual() ? Double.parseDouble(actual.textValue()) : actual.doubleValue();
        double e = expected.doubleValue();
        if (Double.isNaN(e)) {
            assertThat(a).as(where).isNaN();
        } else {
            assertThat(Math.abs(a - e)).as(where + ": %s vs sklearn %s", a, e)
                    .isLessThanOrEqualTo(1e-12 * Math.max(Math.abs(a), Math.abs(e)));
        }
    }

    static void assertSameFloats(float[] actual, float[] expected, String where) {
        assertThat(actual.length).as(where).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            boolean same = actual[i] == expected[i] || Float.isNaN(actual[i]) && Float.isNaN(expected[i]);
            assertThat(same).as("%s [%d]: %s vs %s", where, i, actual[i], expected[i]).isTrue();
        }
    }
}
