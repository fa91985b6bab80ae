package dev.capstan.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Against psi.json, computed with numpy as Evidently does (src/test/resources/monitor/make_psi_fixture.py). */
class PsiTest {

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    @Test
    void equalsTheNumpyReference() throws Exception {
        JsonNode cases = Json.MAPPER.readTree(Path.of("src/test/resources/monitor/psi.json").toFile());
        assertThat(cases).hasSize(5);
        for (JsonNode c : cases) {
            assertThat(Psi.of(doubles(c.get("reference")), doubles(c.get("current"))))
                    .isCloseTo(c.get("psi").asDouble(), within(1e-9));
        }
    }

    @Test
    void identicalSamplesHaveNoShiftAndEmptyOnesNoIndex() {
        double[] same = {1, 2, 3, 4, 5};
        assertThat(Psi.of(same, same)).isZero();
        assertThat(Psi.of(new double[] {2, 2}, new double[] {2, 2, 2})).isZero();
        assertThat(Psi.of(new double[0], same)).isNaN();
        assertThat(Psi.of(new double[] {Double.NaN}, same)).isNaN();
    }
}
