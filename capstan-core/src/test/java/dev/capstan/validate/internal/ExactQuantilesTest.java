package dev.capstan.validate.internal;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ExactQuantilesTest {

    /** numpy's default: linear interpolation between the order statistics around (n - 1) * q. */
    private static double numpy(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }

    @Test
    void aSpilledColumnHasTheSameQuantilesAsASortedOne() {
        Random random = new Random(11);
        int n = DoubleLog.IN_MEMORY * 2 + 12_345;   // spilled twice, and a tail in memory
        double[] values = new double[n];
        try (DoubleLog log = new DoubleLog()) {
            for (int i = 0; i < n; i++) {
                values[i] = i % 10 == 0 ? 42.0 : random.nextGaussian() * 100;   // many ties, negatives
                log.add(values[i]);
            }
            Arrays.sort(values);
            double[] qs = {0, 0.01, 0.25, 0.5, 0.9, 0.999, 1};
            double[] exact = ExactQuantiles.of(log, qs);
            for (int i = 0; i < qs.length; i++) {
                assertThat(exact[i]).as("q=" + qs[i]).isEqualTo(numpy(values, qs[i]));
            }
        }
    }

    @Test
    void aColumnInMemoryIsSorted() {
        try (DoubleLog log = new DoubleLog()) {
            for (double x : new double[]{27, 29, 33, 34, 38, 41, 45, 52, 150}) {
                log.add(x);
            }
            assertThat(ExactQuantiles.of(log, new double[]{0.25, 0.5, 0.75, 0.1})).containsExactly(33, 38, 45, 28.6);
        }
        try (DoubleLog empty = new DoubleLog()) {
            assertThat(ExactQuantiles.of(empty, new double[]{0.5})[0]).isNaN();
        }
    }
}
