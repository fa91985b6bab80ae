package dev.capstan.validate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helpers that read a whole source, batch by batch, and close it. */
final class SourceRows {

    private SourceRows() {
    }

    /** Every batch of {@code source}. */
    static List<Batch> batches(TableSource source) {
        try (source) {
            List<Batch> batches = new ArrayList<>();
            for (Batch batch = source.next(); batch != null; batch = source.next()) {
                batches.add(batch);
            }
            return batches;
        }
    }

    /** Every row of {@code source}, each as its values in column order. */
    static List<List<Object>> rows(TableSource source) {
        List<List<Object>> rows = new ArrayList<>();
        for (Batch batch : batches(source)) {
            for (int row = 0; row < batch.size(); row++) {
                Object[] values = new Object[batch.columns().size()];
                for (int column = 0; column < values.length; column++) {
                    values[column] = batch.columns().get(column).value(row);
                }
                rows.add(Arrays.asList(values));
            }
        }
        return rows;
    }
}
