package dev.capstan.validate.internal;

import dev.capstan.validate.CheckResult;
import dev.capstan.validate.CheckSpec;
import dev.capstan.validate.ColumnType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code unique} (one column) and {@code unique_together} (several): every occurrence of a value seen more than
 * once is unexpected, as Great Expectations counts it. Values are told apart by a 64-bit hash of their keys (two
 * distinct values share one with probability about n²/2⁶⁵), counted in bounded memory by {@link SpillingCounts};
 * examples are the duplicates found among the values counted in memory.
 */
final class UniqueCheck implements Evaluator {

    private final CheckSpec spec;
    private final String column;
    private final int[] indices;
    private final ColumnType[] types;
    private final SpillingCounts counts = new SpillingCounts();
    private final List<CheckResult.Example> examples = new ArrayList<>();
    private long elements;
    private long missing;

    UniqueCheck(CheckSpec spec, String column, int[] indices, ColumnType[] types) {
        this.spec = spec;
        this.column = column;
        this.indices = indices;
        this.types = types;
    }

    @Override
    public void accept(BatchView batch) {
        for (int row = 0; row < batch.size(); row++) {
            Object value = value(batch, row);
            if (value == null) {
                missing++;
                continue;
            }
            long tableRow = batch.firstRow() + row;
            long hash = Values.hash(key(batch, row));
            long count = counts.add(hash, tableRow);
            if (count == 2) {
                example(counts.firstRowInTable(hash), value);
            }
            if (count >= 2) {
                example(tableRow, value);
            }
        }
        elements += batch.size();
    }

    /** The value (a list of values for several columns); null when all of them are missing. */
    private Object value(BatchView batch, int row) {
        if (indices.length == 1) {
            return batch.columns()[indices[0]].value(row);
        }
        List<Object> values = new ArrayList<>(indices.length);
        boolean any = false;
        for (int index : indices) {
            Object v = batch.columns()[index].value(row);
            any |= v != null;
            values.add(v);
        }
        return any ? values : null;
    }

    private Object key(BatchView batch, int row) {
        if (indices.length == 1) {
            return Values.key(batch.columns()[indices[0]].value(row), types[0]);
        }
        List<Object> keys = new ArrayList<>(indices.length);
        for (int i = 0; i < indices.length; i++) {
            keys.add(Values.key(batch.columns()[indices[i]].value(row), types[i]));
        }
        return keys;
    }

    private void example(long row, Object value) {
        if (examples.size() < CheckResult.MAX_EXAMPLES) {
            examples.add(new CheckResult.Example(row, value));
        }
    }

    @Override
    public CheckResult result() {
        long[] unexpected = {0};
        try (counts) {
            counts.forEach((hash, count, firstRow) -> unexpected[0] += count > 1 ? count : 0);
        }
        List<CheckResult.Example> sorted = examples.stream()
                .sorted(Comparator.comparingLong(CheckResult.Example::row)).toList();
        return Outcome.ofValues(spec, column, elements, missing, unexpected[0], sorted);
    }
}
