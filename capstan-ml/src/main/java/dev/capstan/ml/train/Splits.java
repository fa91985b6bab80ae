package dev.capstan.ml.train;

import dev.capstan.CapstanException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Seeded splits of a table's rows: train / validation / test by fractions, stratified by class (each class is
 * shuffled and cut in the same proportions, so rare classes appear in every part), and k folds for
 * cross-validation. The same seed and rows give the same split on any machine.
 */
public final class Splits {

    private static final byte TRAIN = 0;
    private static final byte VALIDATION = 1;
    private static final byte TEST = 2;

    private Splits() {
    }

    /**
     * The row indices of each part, each in ascending order.
     *
     * @param train      rows to fit on
     * @param validation rows for early stopping and model selection (may be empty)
     * @param test       rows held out for the final evaluation (may be empty)
     */
    public record Split(int[] train, int[] validation, int[] test) {
    }

    /**
     * Splits {@code rows} rows: {@code validationShare} and {@code testShare} of each stratum (rounded) go to
     * validation and test, the rest to train.
     *
     * @param strata a stratum per row (the class index), or null to treat all rows as one stratum
     */
    public static Split fractions(int rows, int[] strata, double validationShare, double testShare, long seed) {
        if (validationShare < 0 || testShare < 0 || validationShare + testShare >= 1) {
            throw CapstanException.invalid("split: validation %s and test %s must be fractions that leave rows to "
                    + "train on (their sum below 1)", validationShare, testShare);
        }
        byte[] part = new byte[rows];
        SplittableRandom random = new SplittableRandom(seed);
        for (int[] stratum : strata(rows, strata)) {
            shuffle(stratum, random);
            int nTest = (int) Math.round(stratum.length * testShare);
            int nValidation = (int) Math.round(stratum.length * validationShare);
            for (int i = 0; i < stratum.length; i++) {
                part[stratum[i]] = i < nTest ? TEST : i < nTest + nValidation ? VALIDATION : TRAIN;
            }
        }
        return new Split(rowsOf(part, TRAIN), rowsOf(part, VALIDATION), rowsOf(part, TEST));
    }

    /** The rows in {@code part}, ascending. */
    private static int[] rowsOf(byte[] parts, byte part) {
        int count = 0;
        for (byte p : parts) {
            count += p == part ? 1 : 0;
        }
        int[] rows = new int[count];
        for (int row = 0, at = 0; at < count; row++) {
            if (parts[row] == part) {
                rows[at++] = row;
            }
        }
        return rows;
    }

    /** The fold (0 to {@code k - 1}) of each row: each stratum shuffled and dealt round-robin over the folds. */
    public static int[] folds(int rows, int[] strata, int k, long seed) {
        if (k < 2 || k > rows) {
            throw CapstanException.invalid("split: folds must be between 2 and the number of rows (%d), found %d",
                    rows, k);
        }
        int[] fold = new int[rows];
        SplittableRandom random = new SplittableRandom(seed);
        int next = 0;
        for (int[] stratum : strata(rows, strata)) {
            shuffle(stratum, random);
            for (int row : stratum) {
                fold[row] = next++ % k;
            }
        }
        return fold;
    }

    /** The rows of each stratum, ascending, in order of the strata's first rows. */
    private static List<int[]> strata(int rows, int[] strata) {
        if (strata == null) {
            return List.of(IntStream.range(0, rows).toArray());
        }
        Map<Integer, Integer> groups = new LinkedHashMap<>();
        int[] group = new int[rows];
        for (int row = 0; row < rows; row++) {
            group[row] = groups.computeIfAbsent(strata[row], s -> groups.size());
        }
        int[][] members = new int[groups.size()][];
        int[] sizes = new int[members.length];
        for (int g : group) {
            sizes[g]++;
        }
        for (int g = 0; g < members.length; g++) {
            members[g] = new int[sizes[g]];
            sizes[g] = 0;
        }
        for (int row = 0; row < rows; row++) {
            members[group[row]][sizes[group[row]]++] = row;
        }
        return List.of(members);
    }

    /** Fisher–Yates. */
    private static void shuffle(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }
}
