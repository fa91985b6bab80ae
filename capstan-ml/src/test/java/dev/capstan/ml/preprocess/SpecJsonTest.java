package dev.capstan.ml.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The saved {@code capstan-preprocessing} spec: files of earlier versions load, bad ones are refused clearly.
 * {@code spec-v1.json} is what version 1 wrote for the fixture case {@code pipeline_f_classif}; keep it as it is.
 */
class SpecJsonTest {

    private static String specV1() throws IOException {
        try (InputStream in = SpecJsonTest.class.getResourceAsStream("/preprocess/spec-v1.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aVersion1SpecStillLoadsAndTransformsAsSklearn() throws IOException {
        JsonNode testCase = SklearnFixtures.caseNamed("pipeline_f_classif");
        Preprocessor pre = Preprocessor.fromJson(specV1());

        assertThat(pre.toJson()).isEqualTo(specV1());
        SklearnEquivalenceTest.assertSameFloats(pre.transform(SklearnFixtures.frame("test", testCase)),
                SklearnFixtures.float32(testCase.get("test_out")), "spec-v1.json");
    }

    @Test
    void refusesAnUnknownVersionOrFormat() throws IOException {
        assertThatThrownBy(() -> Preprocessor.fromJson(specV1().replace("\"version\" : 1", "\"version\" : 2")))
                .isInstanceOf(CapstanException.class)
                .hasMessage("Unsupported capstan-preprocessing version 2; this Capstan reads version 1");
        assertThatThrownBy(() -> Preprocessor.fromJson(specV1().replace("capstan-preprocessing", "sklearn")))
                .hasMessage("Malformed preprocessing spec: format: expected 'capstan-preprocessing',"
                        + " found \"sklearn\"");
    }

    @Test
    void refusesAMalformedSpecNamingTheField() throws IOException {
        assertMalformed("{", "Malformed preprocessing spec: not JSON");
        assertMalformed("[]", "Malformed preprocessing spec: expected a JSON object");
        assertMalformed(specV1().replace("\"mean\" : [", "\"mean\" : [ 1.0,"),
                "Malformed preprocessing spec: steps[2].mean: expected 3 entries (one per column), found 4");
        assertMalformed(specV1().replace("\"statistics\" : [ \"oslo\" ]", "\"statistics\" : [ ]"),
                "Malformed preprocessing spec: steps[1].statistics: expected 1 entries (one per column), found 0");
        assertMalformed(specV1().replace("\"step\" : \"scale\"", "\"step\" : \"normalize\""),
                "Malformed preprocessing spec: steps[2].step: unknown step 'normalize'");
        assertMalformed(specV1().replace("\"method\" : \"standard\"", "\"method\" : 3"),
                "Malformed preprocessing spec: steps[2].method: expected a string, found 3");
        assertMalformed(specV1().replace("\"paris\", \"rome\"", "\"rome\", \"paris\""),
                "Malformed preprocessing spec: steps[3].categories[0]: categories must be sorted and distinct");
        assertMalformed(specV1().replace("[ 1, 2, 5, 9, 12, 13, 14, 15 ]", "[ 1, 2, 5, 9, 12, 13, 15, 14 ]"),
                "Malformed preprocessing spec: select_k_best: selected features must be ascending indices below 16");
        assertMalformed(specV1().replace("\"plan_team\"", "\"plan_pro\""),
                "Malformed preprocessing spec: feature_names [income, tenure, city_berlin, city_ålesund, plan_pro,");
        assertMalformed(specV1().replace("[ \"city\", \"plan\" ]", "[ \"city\", \"tier\" ]"),
                "Malformed preprocessing spec: steps[3] (one_hot): column 'tier' is not an input column");
    }

    private static void assertMalformed(String json, String messageStart) {
        assertThatThrownBy(() -> Preprocessor.fromJson(json))
                .isInstanceOf(CapstanException.class)
                .hasMessageStartingWith(messageStart);
    }
}
