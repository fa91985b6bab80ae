package dev.capstan.validate.internal;

import dev.capstan.validate.CheckResult;
import dev.capstan.validate.CheckSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * A check of several columns within each row ({@code pair_greater}, {@code pair_equal}, {@code sum_equal},
 * {@code no_leakage}): a row with a missing value in any of them counts as missing, as Great Expectations ignores it.
 */
final class RowCheck implements Evaluator {

    /** Whether the row's values (none missing) are as expected. */
    interface Predicate {
        boolean expected(BatchView batch, int row);
    }

    private final CheckSpec spec;
    private final String label;
    private final int[] indices;
    private final Predicate predicate;
    private final Examples examples = new Examples();
    private long elements;
    private long missing;
    private long unexpected;

    RowCheck(CheckSpec spec, String label, int[] indices, Predicate predicate) {
        this.spec = spec;
        this.label = label;
        this.indices = indices;
        this.predicate = predicate;
    }

    @Override
    public void accept(BatchView batch) {
        for (int row = 0; row < batch.size(); row++) {
            if (anyMissing(batch, row)) {
                missing++;
            } else if (!predicate.expected(batch, row)) {
                unexpected++;
                examples.add(batch.firstRow() + row, values(batch, row));
            }
        }
        elements += batch.size();
    }

    private boolean anyMissing(BatchView batch, int row) {
        for (int index : indices) {
            if (batch.columns()[index].missing(row)) {
                return true;
            }
        }
        return false;
    }

    private Object values(BatchView batch, int row) {
        if (indices.length == 1) {
            return batch.columns()[indices[0]].value(row);
        }
        List<Object> values = new ArrayList<>();
        for (int index : indices) {
            values.add(batch.columns()[index].value(row));
        }
        return values;
    }

    @Override
    public CheckResult result() {
        return Outcome.ofValues(spec, label, elements, missing, unexpected, examples.list());
    }
}
