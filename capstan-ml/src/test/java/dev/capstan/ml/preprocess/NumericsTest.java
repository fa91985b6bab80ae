package dev.capstan.ml.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.ml.preprocess.internal.Categories;
import dev.capstan.ml.preprocess.internal.NumpySum;
import dev.capstan.ml.preprocess.internal.PyFloat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The numeric helpers that make results bit-equal to numpy's, against values numpy produced. */
class NumericsTest {

    @Test
    void floatsAreNamedAsNumpyPrintsThem() {
        for (JsonNode pair : SklearnFixtures.ROOT.get("float_names")) {
            double value = pair.get(0).doubleValue();
            assertThat(PyFloat.repr(value)).as("%s", value).isEqualTo(pair.get(1).textValue());
        }
        assertThat(PyFloat.repr(Double.NaN)).isEqualTo("nan");
        assertThat(PyFloat.repr(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(PyFloat.repr(-0.0)).isEqualTo("-0.0");
    }

    @Test
    void sumsAddInNumpysOrder() {
        for (JsonNode pair : SklearnFixtures.ROOT.get("sums")) {
            int n = pair.get(0).intValue();
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = (1.0 + i % 13) / (i + 1.0) * (i % 3 == 0 ? -1 : 1);
                x[i] = i % 17 == 0 ? Double.NaN : x[i];
            }
            assertThat(NumpySum.nanSum(x)).as("n = %d", n).isEqualTo(pair.get(1).doubleValue());
        }
    }

    @Test
    void textSortsByCodePointAsPython() {
        String bmpHigh = "\uFFFD";
        String emoji = "\uD83D\uDE00";
        assertThat(Categories.compareCodePoints(bmpHigh, emoji)).isNegative();
        assertThat(bmpHigh.compareTo(emoji)).isPositive();
        assertThat(Categories.compareCodePoints("Zurich", "berlin")).isNegative();
        assertThat(Categories.compareCodePoints("ab", "abc")).isNegative();
        assertThat(Categories.compareCodePoints("abc", "abc")).isZero();
    }
}
