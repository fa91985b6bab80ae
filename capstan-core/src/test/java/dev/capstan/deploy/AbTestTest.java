package dev.capstan.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Expected values from Debian's python3-scipy 1.10 (norm.sf, ttest_ind_from_stats with equal_var=False). */
class AbTestTest {

    @ParameterizedTest
    @CsvSource({
        "45, 100, 60, 110, -1.3816985594155142, 0.16706427691489423",
        "30, 1000, 45, 1000, -1.7654696590094991, 0.0774848651326447",
        "5, 20, 9, 25, -0.7920253452165767, 0.428345897981267",
        "500, 1000, 500, 1000, 0.0, 1.0",
    })
    void twoProportionZTestEqualsScipy(long sA, long nA, long sB, long nB, double z, double p) {
        AbTest.Result r = AbTest.twoProportions(sA, nA, sB, nB);
        assertThat(r.statistic()).isCloseTo(z, within(1e-9));
        assertThat(r.pValue()).isCloseTo(p, within(1e-9));
    }

    @ParameterizedTest
    @CsvSource({
        "10.0, 4.0, 30, 11.5, 9.0, 25, -2.135605490443123, 0.0388119716663103",
        "0.2, 0.01, 500, 0.21, 0.02, 800, -1.490711984999857, 0.1362837856702077",
        "3.0, 1.0, 5, 3.0, 1.0, 5, 0.0, 1.0",
    })
    void welchTTestEqualsScipy(double mA, double vA, long nA, double mB, double vB, long nB, double t, double p) {
        AbTest.Result r = AbTest.welch(mA, vA, nA, mB, vB, nB);
        assertThat(r.statistic()).isCloseTo(t, within(1e-9));
        assertThat(r.pValue()).isCloseTo(p, within(1e-9));
    }

    @Test
    void tooLittleDataGivesNoPValue() {
        assertThat(AbTest.twoProportions(1, 1, 5, 10).pValue()).isNaN();
        assertThat(AbTest.twoProportions(0, 10, 0, 10).pValue()).isNaN();
        assertThat(AbTest.welch(1, 0, 10, 1, 0, 10).pValue()).isNaN();
    }
}
