package dev.capstan.ml.train;

import dev.capstan.CapstanException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A split given by the data: a column naming each row's part, {@code train}, {@code validation} or {@code test}. */
final class SplitColumn {

    private SplitColumn() {
    }

    static Splits.Split split(String name, Object[] column) {
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int row = 0; row < column.length; row++) {
            String part = column[row] == null ? "" : String.valueOf(column[row]).trim().toLowerCase(Locale.ROOT);
            switch (part) {
                case "train" -> train.add(row);
                case "validation", "valid", "val" -> validation.add(row);
                case "test" -> test.add(row);
                default -> throw CapstanException.invalid("the split column '%s' holds '%s' at row %d; expected "
                        + "train, validation or test", name, column[row], row);
            }
        }
        return new Splits.Split(ints(train), ints(validation), ints(test));
    }

    private static int[] ints(List<Integer> rows) {
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }
}
