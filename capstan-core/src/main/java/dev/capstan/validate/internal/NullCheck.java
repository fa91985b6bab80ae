package dev.capstan.validate.internal;

import dev.capstan.validate.CheckResult;
import dev.capstan.validate.CheckSpec;

/**
 * {@code not_null} and {@code null}: here missing values are what is checked, so the percent is of all values and
 * the examples of {@code not_null} are the rows with nothing in them.
 */
final class NullCheck implements Evaluator {

    private final CheckSpec spec;
    private final String column;
    private final int index;
    private final boolean wantNull;
    private final Examples examples = new Examples();
    private long elements;
    private long missing;
    private long unexpected;

    NullCheck(CheckSpec spec, String column, int index, boolean wantNull) {
        this.spec = spec;
        this.column = column;
        this.index = index;
        this.wantNull = wantNull;
    }

    @Override
    public void accept(BatchView batch) {
        ColumnView view = batch.columns()[index];
        for (int row = 0; row < batch.size(); row++) {
            boolean isNull = view.missing(row);
            if (isNull) {
                missing++;
            }
            if (isNull != wantNull) {
                unexpected++;
                examples.add(batch.firstRow() + row, view.value(row));
            }
        }
        elements += batch.size();
    }

    @Override
    public CheckResult result() {
        double passed = elements == 0 ? 1.0 : (double) (elements - unexpected) / elements;
        double percent = elements == 0 ? 0.0 : 100.0 * unexpected / elements;
        return new CheckResult(column, spec.type(), spec.argument(), spec.severity(), spec.mostly(),
                passed >= spec.mostly(), elements, missing, unexpected, percent, passed, examples.list(), spec.line());
    }
}
