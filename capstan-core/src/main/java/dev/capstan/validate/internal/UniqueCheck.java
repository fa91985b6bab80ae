package dev.capstan.validate.internal;

import dev.capstan.validate.CheckResult;
import dev.capstan.validate.CheckSpec;

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
    private final SpillingCounts counts = new SpillingCounts();
    private final List<CheckResult.Example> examples = new ArrayList<>();
    private long elements;
    private long missing;

    UniqueCheck(CheckSpec spec, String column, int[] indices) {
        this.spec = spec;
        this.column = column;
        this.indices = indices;
    }

    @Override
    public void accept(BatchView batch) {
        for (int row = 0; row < batch.size(); row++) {
            if (allMissing(batch, row)) {
                missing++;
                continue;
            }
            long tableRow = batch.firstRow() + row;
            long hash = hash(batch, row);
            long count = counts.add(hash, tableRow);
            if (count == 2) {
                example(counts.firstRowInTable(hash), value(batch, row));
            }
            if (count >= 2) {
                example(tableRow, value(batch, row));
            }
        }
        elements += batch.size();
    }

    private boolean allMissing(BatchView batch, int row) {
        for (int index : indices) {
            if (!batch.columns()[index].missing(row)) {
                return false;
            }
        }
        return true;
    }

    /** The value; for several columns, the list of their values. */
    private Object value(BatchView batch, int row) {
        if (indices.length == 1) {
            return batch.columns()[indices[0]].value(row);
        }
        List<Object> values = new ArrayList<>(indices.length);
        for (int index : indices) {
            values.add(batch.columns()[index].value(row));
        }
        return values;
    }

    /** The value's hash; for several columns, their hashes combined by {@link Values#combine}. */
    private long hash(BatchView batch, int row) {
        if (indices.length == 1) {
            return batch.columns()[indices[0]].hash(row);
        }
        long h = Values.LIST_SEED;
        for (int index : indices) {
            h = Values.combine(h, batch.columns()[index].hash(row));
        }
        return h;
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
