package dev.capstan.validate.internal;

import dev.capstan.validate.CheckResult;
import dev.capstan.validate.CheckSpec;

/** A check of something measured over a column's non-missing values: a statistic, the distinct values, an order. */
abstract class ColumnAggregate implements Evaluator {

    final CheckSpec spec;
    final String column;
    private final int index;
    long elements;
    long missing;

    ColumnAggregate(CheckSpec spec, String column, int index) {
        this.spec = spec;
        this.column = column;
        this.index = index;
    }

    @Override
    public final void accept(BatchView batch) {
        ColumnView view = batch.columns()[index];
        for (int row = 0; row < batch.size(); row++) {
            if (view.missing(row)) {
                missing++;
            } else {
                add(view, row, batch.firstRow() + row);
            }
        }
        elements += batch.size();
    }

    /** Takes in the non-missing value at {@code row} of the batch, row {@code tableRow} of the table. */
    abstract void add(ColumnView view, int row, long tableRow);

    /** A result of what was observed. */
    final CheckResult observed(boolean success, Object observed) {
        return Outcome.ofObserved(spec, column, success, elements, missing, observed);
    }
}
