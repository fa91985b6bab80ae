package dev.capstan.monitor;

import dev.capstan.monitor.internal.RadixSort;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RadixSortTest {

    @Test
    void sortsAsArraysSortDoesWithNegativesZerosDuplicatesAndExtremes() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n : new int[] {0, 1, 2, 17, 1000, 100_000}) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = switch (random.nextInt(6)) {
                    case 0 -> -0.0;
                    case 1 -> 0.0;
                    case 2 -> Math.rint(random.nextDouble() * 10) - 5;
                    case 3 -> random.nextBoolean() ? Double.MAX_VALUE : -Double.MIN_VALUE;
                    case 4 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                    default -> (random.nextDouble() - 0.5) * 1e6;
                };
            }
            double[] expected = values.clone();
            Arrays.sort(expected);
            assertThat(RadixSort.sorted(values)).containsExactly(expected);
        }
    }
}
