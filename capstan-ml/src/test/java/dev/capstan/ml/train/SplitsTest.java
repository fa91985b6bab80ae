package dev.capstan.ml.train;

import dev.capstan.CapstanException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SplitsTest {

    /** 900 rows of class 0 and 100 of class 1. */
    private static int[] imbalanced() {
        return IntStream.range(0, 1000).map(i -> i % 10 == 0 ? 1 : 0).toArray();
    }

    @Test
    void aStratifiedSplitKeepsEachClassesShareInEveryPart() {
        int[] classes = imbalanced();
        Splits.Split split = Splits.fractions(1000, classes, 0.15, 0.2, 42);

        assertThat(split.train().length + split.validation().length + split.test().length).isEqualTo(1000);
        assertThat(IntStream.concat(IntStream.concat(Arrays.stream(split.train()), Arrays.stream(split.validation())),
                Arrays.stream(split.test())).distinct().count()).isEqualTo(1000);
        assertThat(count(split.test(), classes)).isEqualTo(20);         // 20 % of 100
        assertThat(count(split.validation(), classes)).isEqualTo(15);   // 15 % of 100
        assertThat(split.test()).hasSize(200).isSorted();
        assertThat(split.validation()).hasSize(150);
    }

    @Test
    void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        Splits.Split a = Splits.fractions(1000, imbalanced(), 0.1, 0.1, 7);
        Splits.Split b = Splits.fractions(1000, imbalanced(), 0.1, 0.1, 7);
        Splits.Split c = Splits.fractions(1000, imbalanced(), 0.1, 0.1, 8);

        assertThat(b.test()).isEqualTo(a.test());
        assertThat(c.test()).isNotEqualTo(a.test());
    }

    @Test
    void foldsAreStratifiedAndBalanced() {
        int[] classes = imbalanced();
        int[] folds = Splits.folds(1000, classes, 5, 3);

        for (int f = 0; f < 5; f++) {
            int fold = f;
            int[] rows = IntStream.range(0, 1000).filter(r -> folds[r] == fold).toArray();
            assertThat(rows).hasSize(200);
            assertThat(count(rows, classes)).isEqualTo(20);
        }
    }

    @Test
    void sharesThatLeaveNothingToTrainOnAreRefused() {
        assertThatThrownBy(() -> Splits.fractions(10, null, 0.5, 0.5, 1)).isInstanceOf(CapstanException.class)
                .hasMessageContaining("leave rows to train on");
        assertThatThrownBy(() -> Splits.folds(10, null, 1, 1)).isInstanceOf(CapstanException.class)
                .hasMessageContaining("folds must be between 2");
    }

    private static long count(int[] rows, int[] classes) {
        return Arrays.stream(rows).filter(r -> classes[r] == 1).count();
    }
}
