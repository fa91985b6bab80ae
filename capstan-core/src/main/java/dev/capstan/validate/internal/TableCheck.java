package dev.capstan.validate.internal;

import dev.capstan.validate.CheckResult;
import dev.capstan.validate.CheckSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** Table-level checks of the row count and of the columns' names, count and order. */
final class TableCheck implements Evaluator {

    private final CheckSpec spec;
    private final List<String> columns;
    private long rows;

    TableCheck(CheckSpec spec, List<String> columns) {
        this.spec = spec;
        this.columns = columns;
    }

    @Override
    public void accept(BatchView batch) {
        rows += batch.size();
    }

    @Override
    public CheckResult result() {
        return switch (spec.type()) {
            case ROW_COUNT_BETWEEN -> observed(Range.ofNumbers(spec).contains(rows), rows);
            case ROW_COUNT_EQUAL -> observed(((Number) spec.argument()).longValue() == rows, rows);
            case COLUMN_COUNT_BETWEEN -> observed(Range.ofNumbers(spec).contains(columns.size()), columns.size());
            case COLUMN_COUNT_EQUAL -> observed(((Number) spec.argument()).intValue() == columns.size(),
                    columns.size());
            case COLUMN_EXISTS -> observed(columns.contains(String.valueOf(spec.argument())), columns);
            case COLUMNS_MATCH_LIST -> observed(columns.equals(names(spec.argument())), columns);
            case COLUMNS_MATCH_SET -> observed(matchesSet(), columns);
            default -> throw new IllegalStateException(spec.type().word());
        };
    }

    private boolean matchesSet() {
        var wanted = new HashSet<>(names(spec.arg("columns")));
        boolean exact = !Boolean.FALSE.equals(spec.arg("exact"));
        return exact ? wanted.equals(new HashSet<>(columns)) : columns.containsAll(wanted);
    }

    static List<String> names(Object list) {
        List<String> names = new ArrayList<>();
        ((List<?>) list).forEach(n -> names.add(String.valueOf(n)));
        return names;
    }

    private CheckResult observed(boolean success, Object observed) {
        return Outcome.ofObserved(spec, null, success, rows, 0, observed);
    }
}
