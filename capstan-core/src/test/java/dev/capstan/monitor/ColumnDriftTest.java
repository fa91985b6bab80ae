package dev.capstan.monitor;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Evidently's default choice of test, thresholds, "not enough data", and the dataset's drifted share. */
class ColumnDriftTest {

    private static Object[] normal(int n, double mean, long seed) {
        Random random = new Random(seed);
        return IntStream.range(0, n).mapToObj(i -> mean + random.nextGaussian()).toArray();
    }

    private static Object[] repeat(int n, Object... values) {
        return IntStream.range(0, n).mapToObj(i -> values[i % values.length]).toArray();
    }

    @Test
    void choosesTheTestAsEvidentlyDoes() {
        assertThat(ColumnDrift.of("a", normal(500, 0, 1), normal(500, 0, 2), true, null, null).method())
                .isEqualTo(DriftMethod.KS);
        assertThat(ColumnDrift.of("a", normal(2000, 0, 1), normal(500, 0, 2), true, null, null).method())
                .isEqualTo(DriftMethod.WASSERSTEIN);
        assertThat(ColumnDrift.of("a", repeat(500, 1.0, 2.0, 3.0), repeat(500, 1.0, 2.0), true, null, null).method())
                .isEqualTo(DriftMethod.CHISQUARE);
        assertThat(ColumnDrift.of("a", repeat(500, "x", "y"), repeat(50, "x", "y"), false, null, null).method())
                .isEqualTo(DriftMethod.Z);
        assertThat(ColumnDrift.of("a", repeat(1500, "x", "y", "z"), repeat(50, "x"), false, null, null).method())
                .isEqualTo(DriftMethod.JENSENSHANNON);
        assertThat(ColumnDrift.of("a", repeat(1500, 1.0, 2.0), repeat(50, 1.0), true, null, null).method())
                .isEqualTo(DriftMethod.JENSENSHANNON);
    }

    @Test
    void shiftedColumnsDriftAndUnshiftedOnesDoNot() {
        ColumnDrift same = ColumnDrift.of("same", normal(800, 0, 1), normal(800, 0, 2), true, null, null);
        ColumnDrift shifted = ColumnDrift.of("shifted", normal(800, 0, 1), normal(800, 0.5, 2), true, null, null);
        assertThat(same.status()).isEqualTo(ColumnDrift.Status.NO_DRIFT);
        assertThat(shifted.status()).isEqualTo(ColumnDrift.Status.DRIFT);
        assertThat(shifted.score()).isLessThan(0.05);
        ColumnDrift psi = ColumnDrift.of("psi", normal(800, 0, 1), normal(800, 0.5, 2), true, DriftMethod.PSI, 0.3);
        assertThat(psi.threshold()).isEqualTo(0.3);
        assertThat(psi.method()).isEqualTo(DriftMethod.PSI);
    }

    @Test
    void emptySamplesAreNotEnoughDataNeverNoDrift() {
        ColumnDrift empty = ColumnDrift.of("a", normal(100, 0, 1), new Object[] {null, Double.NaN}, true, null, null);
        assertThat(empty.status()).isEqualTo(ColumnDrift.Status.NOT_ENOUGH_DATA);
        assertThat(empty.score()).isNaN();
        DataDrift none = DataDrift.of(List.of(empty), DataDrift.DEFAULT_SHARE);
        assertThat(none.drifted()).isFalse();
        assertThat(none.summary()).isEqualTo("Not enough data to test any column for drift");
    }

    @Test
    void theDatasetDriftsWhenHalfItsTestedColumnsDo() {
        ColumnDrift same = ColumnDrift.of("same", normal(800, 0, 1), normal(800, 0, 2), true, null, null);
        ColumnDrift shifted = ColumnDrift.of("shifted", normal(800, 0, 1), normal(800, 1, 2), true, null, null);
        ColumnDrift empty = ColumnDrift.of("empty", normal(800, 0, 1), new Object[0], true, null, null);
        DataDrift drift = DataDrift.of(List.of(same, shifted, empty), DataDrift.DEFAULT_SHARE);
        assertThat(drift.share()).isEqualTo(0.5);
        assertThat(drift.drifted()).isTrue();
        assertThat(drift.summary()).isEqualTo("Drift is detected for 50% of columns (1 of 2)");
    }
}
