package dev.capstan.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Against drift.json, computed with Debian's python3-scipy as Evidently computes each statistic
 * (src/test/resources/monitor/make_drift_fixtures.py): statistics to 1e-9, p-values to 1e-6.
 */
class DriftTestsTest {

    private static JsonNode fixtures;

    @BeforeAll
    static void read() throws Exception {
        fixtures = Json.MAPPER.readTree(Path.of("src/test/resources/monitor/drift.json").toFile());
    }

    private static double[] numbers(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    private static Object[] texts(JsonNode array) {
        Object[] out = new Object[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asText();
        }
        return out;
    }

    @Test
    void numericStatisticsEqualScipy() {
        assertThat(fixtures.get("numeric")).hasSize(5);
        for (JsonNode c : fixtures.get("numeric")) {
            double[] ref = numbers(c.get("reference"));
            double[] cur = numbers(c.get("current"));
            assertThat(DriftTests.ks(ref, cur)).as("ks").isCloseTo(c.get("ks_p_value").asDouble(), within(1e-6));
            assertThat(DriftTests.wassersteinNormed(ref, cur)).as("wasserstein")
                    .isCloseTo(c.get("wasserstein_normed").asDouble(), within(1e-9));
            assertThat(DriftTests.jensenShannon(ref, cur)).as("jensen-shannon")
                    .isCloseTo(c.get("jensenshannon").asDouble(), within(1e-9));
        }
    }

    @Test
    void categoricalStatisticsEqualScipyIncludingEmptyAndNewCategories() {
        assertThat(fixtures.get("categorical")).hasSize(3);
        for (JsonNode c : fixtures.get("categorical")) {
            Object[] ref = texts(c.get("reference"));
            Object[] cur = texts(c.get("current"));
            assertThat(DriftTests.chiSquare(ref, cur)).as("chi-square")
                    .isCloseTo(c.get("chisquare_p_value").asDouble(), within(1e-6));
            assertThat(DriftTests.jensenShannon(ref, cur)).as("jensen-shannon")
                    .isCloseTo(c.get("jensenshannon").asDouble(), within(1e-9));
        }
    }

    @Test
    void binaryZTestEqualsScipy() {
        for (JsonNode c : fixtures.get("binary")) {
            assertThat(DriftTests.z(texts(c.get("reference")), texts(c.get("current"))))
                    .isCloseTo(c.get("z_p_value").asDouble(), within(1e-6));
        }
    }
}
