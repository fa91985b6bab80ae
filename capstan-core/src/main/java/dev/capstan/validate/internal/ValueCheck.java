package dev.capstan.validate.internal;

import dev.capstan.validate.CheckResult;
import dev.capstan.validate.CheckSpec;

/** A check of each non-missing value of a column on its own (between, in set, regex, ...). */
final class ValueCheck implements Evaluator {

    /** Whether the value at a row of a batch is as expected; never called for a missing value. */
    interface Predicate {
        boolean expected(ColumnView column, int row);
    }

    private final CheckSpec spec;
    private final String column;
    private final int index;
    private final Predicate predicate;
    private final Examples examples = new Examples();
    private long elements;
    private long missing;
    private long unexpected;

    ValueCheck(CheckSpec spec, String column, int index, Predicate predicate) {
        this.spec = spec;
        this.column = column;
        this.index = index;
        this.predicate = predicate;
    }

    @Override
    public void accept(BatchView batch) {
        ColumnView view = batch.columns()[index];
        for (int row = 0; row < batch.size(); row++) {
            if (view.missing(row)) {
                missing++;
            } else if (!predicate.expected(view, row)) {
                unexpected++;
                examples.add(batch.firstRow() + row, view.value(row));
            }
        }
        elements += batch.size();
    }

    @Override
    public CheckResult result() {
        return Outcome.ofValues(spec, column, elements, missing, unexpected, examples.list());
    }
}
