package dev.capstan.ml.preprocess.internal;

import dev.capstan.ml.preprocess.Step;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class SpecRoundTripTest {

    @Test
    void doublesReadBackBitIdentical() {
        double[] tricky = {0.1 + 0.2, -0.0, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, 1e23, 2e-3,
                5e-324, 1.0 / 3, Math.PI * 1e300, -1.7976931348623157e308, 4.35, 9007199254740993.0};
        double[] random = new Random(7).doubles(2000).map(d -> Double.longBitsToDouble(Double.doubleToLongBits(d)
                ^ (long) (d * Long.MAX_VALUE))).filter(Double::isFinite).toArray();
        double[] scores = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5};
        for (double[] values : List.of(tricky, random)) {
            FittedPipeline read = roundTrip(values, scores);
            FittedStep.MinMax scale = (FittedStep.MinMax) read.steps().get(0);
            FittedStep.Select select = (FittedStep.Select) read.steps().get(1);
            for (double[] actual : List.of(scale.dataMin(), scale.dataMax(), scale.scale(), scale.min())) {
                assertThat(bits(actual)).isEqualTo(bits(values));
            }
            assertThat(bits(select.scores())).isEqualTo(bits(scores));
        }
    }

    private static FittedPipeline roundTrip(double[] values, double[] scores) {
        List<String> columns = IntStream.range(0, values.length).mapToObj(i -> "c" + i).toList();
        FittedPipeline pipeline = new FittedPipeline(columns, List.of(
                new FittedStep.MinMax(new Step.Scale(columns, Step.Scale.Method.MINMAX),
                        values, values, values, values),
                new FittedStep.Select(new Step.SelectKBest(1, Step.SelectKBest.Score.F_REGRESSION), scores,
                        new int[] {3})));
        String json = SpecWriter.write(pipeline, List.of("c3"));
        FittedPipeline read = SpecReader.read(json).pipeline();
        assertThat(SpecWriter.write(read, List.of("c3"))).isEqualTo(json);
        return read;
    }

    private static long[] bits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
