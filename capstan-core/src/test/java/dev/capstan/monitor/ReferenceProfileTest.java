package dev.capstan.monitor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Reference profiles: statistics as numpy computes them, the sample, and the file written and read back. */
class ReferenceProfileTest {

    @TempDir
    Path dir;

    @Test
    void aNumericColumnsStatisticsAreNumpysOverAllRowsAndTheSampleKeepsTheSampledRows() {
        double[] values = {1, 2, 3, 4, 10, Double.NaN};
        ReferenceProfile.Column column = ReferenceProfile.Column.of(values, new int[] {0, 4, 5});
        assertThat(column.numeric()).isTrue();
        assertThat(column.count()).isEqualTo(5);
        assertThat(column.missing()).isEqualTo(1);
        // numpy.mean, numpy.std(ddof=1), numpy.percentile (linear) of [1, 2, 3, 4, 10]
        assertThat(column.stats()).containsEntry("mean", 4.0).containsEntry("min", 1.0).containsEntry("max", 10.0)
                .containsEntry("p25", 2.0).containsEntry("p50", 3.0).containsEntry("p75", 4.0);
        assertThat(column.stats().get("std")).isCloseTo(3.5355339059327378, within(1e-12));
        assertThat(column.stats().get("p05")).isCloseTo(1.2, within(1e-12));
        assertThat(column.stats().get("p95")).isCloseTo(8.8, within(1e-12));
        assertThat(column.sample()).containsExactly(1.0, 10.0, null);
        assertThat(column.numbers()).containsExactly(1.0, 10.0);
    }

    @Test
    void aCategoricalColumnKeepsItsMostFrequentValuesAndIntegralNumbersReadAsIntegers() {
        Object[] values = {"b", "a", "b", null, 1.0, "b"};
        ReferenceProfile.Column column = ReferenceProfile.Column.of(values, new int[] {0, 3, 4});
        assertThat(column.numeric()).isFalse();
        assertThat(column.top()).containsExactly(Map.entry("b", 3L), Map.entry("1", 1L), Map.entry("a", 1L));
        assertThat(column.sample()).containsExactly("b", null, "1");
        assertThat(column.categories()).containsExactly("b", "1");
    }

    @Test
    void theWatchedPredictionIsABinaryClassifiersPositiveProbabilityElseThePredictionElseTheLabel() {
        assertThat(ReferenceProfile.watchedOutput(List.of("label", "probability_0", "probability_1")))
                .isEqualTo("probability_1");
        assertThat(ReferenceProfile.watchedOutput(List.of("label", "probability_0", "probability_1",
                "probability_2"))).isEqualTo("label");
        assertThat(ReferenceProfile.watchedOutput(List.of("prediction"))).isEqualTo("prediction");
        assertThat(ReferenceProfile.watchedOutput(List.of())).isNull();
    }

    @Test
    void itIsWrittenIntoTheModelDirectoryAndReadBack() throws Exception {
        int[] sample = ReferenceProfile.sampleRows(10, 4);
        assertThat(sample).containsExactly(0, 2, 5, 7);
        double[] age = {20, 30, 40, 50, 60, 70, 80, 90, 25, 35};
        double[] score = Arrays.stream(sample).mapToDouble(r -> age[r] / 100).toArray();
        ReferenceProfile profile = new ReferenceProfile(10,
                Map.of("age", ReferenceProfile.Column.of(age, sample)),
                Map.of("probability_1", ReferenceProfile.Column.of(score, new int[] {0, 1, 2, 3})),
                List.of("no", "yes"), Map.of("accuracy_score", 0.9));
        profile.write(dir);

        ReferenceProfile read = ReferenceProfile.read(dir).orElseThrow();
        assertThat(read.inputs().get("age").numbers()).containsExactly(20, 40, 70, 90);
        assertThat(read.predictionMean()).isCloseTo((0.2 + 0.4 + 0.7 + 0.9) / 4, within(1e-12));
        assertThat(read.classes()).containsExactly("no", "yes");
        assertThat(read.metrics()).containsEntry("accuracy_score", 0.9);
        assertThat(ReferenceProfile.read(dir.resolve("elsewhere"))).isEmpty();

        Files.writeString(dir.resolve(ReferenceProfile.FILE), "{\"rows\": \"many\"}");
        assertThatThrownBy(() -> ReferenceProfile.read(dir)).hasMessageContaining(ReferenceProfile.FILE)
                .hasMessageContaining("is not a reference profile");
    }
}
