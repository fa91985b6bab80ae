package dev.capstan.validate.internal;

import dev.capstan.validate.CheckSpec;

import java.util.List;

/**
 * The evaluators of a suite's table-level checks: of the row count and columns, and of several columns within each
 * row. Columns are looked up, and what the checks read of them noted, through the {@link CheckFactory}.
 */
final class TableChecks {

    private TableChecks() {
    }

    static Evaluator create(CheckSpec spec, CheckFactory columns) {
        return switch (spec.type()) {
            case PAIR_GREATER -> {
                int a = columns.index(String.valueOf(spec.arg("a")), spec.line());
                int b = columns.index(String.valueOf(spec.arg("b")), spec.line());
                columns.readNumbers(a, b);
                boolean orEqual = Boolean.TRUE.equals(spec.arg("or_equal"));
                String label = spec.arg("a") + (orEqual ? " >= " : " > ") + spec.arg("b");
                yield new RowCheck(spec, label, new int[]{a, b}, (batch, r) -> {
                    double x = batch.columns()[a].number(r);
                    double y = batch.columns()[b].number(r);
                    return orEqual ? x >= y : x > y;
                });
            }
            case PAIR_EQUAL -> {
                int a = columns.index(String.valueOf(spec.arg("a")), spec.line());
                int b = columns.index(String.valueOf(spec.arg("b")), spec.line());
                columns.readHashes(a, b);
                yield new RowCheck(spec, spec.arg("a") + " = " + spec.arg("b"), new int[]{a, b},
                        (batch, r) -> batch.columns()[a].hash(r) == batch.columns()[b].hash(r));
            }
            case SUM_EQUAL -> sumEqual(spec, columns);
            case UNIQUE_TOGETHER -> {
                List<String> names = TableCheck.names(spec.argument());
                int[] indices = names.stream().mapToInt(n -> columns.index(n, spec.line())).toArray();
                columns.readHashes(indices);
                yield new UniqueCheck(spec, String.join(", ", names), indices);
            }
            case NO_LEAKAGE -> leakage(spec, columns);
            default -> new TableCheck(spec, columns.columns());
        };
    }

    private static Evaluator sumEqual(CheckSpec spec, CheckFactory columns) {
        List<String> names = TableCheck.names(spec.arg("columns"));
        int[] indices = names.stream().mapToInt(n -> columns.index(n, spec.line())).toArray();
        columns.readNumbers(indices);
        double total = ColumnChecks.number(spec.arg("total"));
        double tolerance = 1e-9 * Math.max(1, Math.abs(total));
        return new RowCheck(spec, String.join(" + ", names), indices, (batch, r) -> {
            double sum = 0;
            for (int index : indices) {
                sum += batch.columns()[index].number(r);
            }
            return Math.abs(sum - total) <= tolerance;
        });
    }

    private static Evaluator leakage(CheckSpec spec, CheckFactory columns) {
        String key = String.valueOf(spec.arg("key"));
        int index = columns.index(key, spec.line());
        columns.readHashes(index);
        LongCounts keys = columns.referenceKeys(key, spec.line());
        return new RowCheck(spec, key, new int[]{index},
                (batch, r) -> keys.count(batch.columns()[index].hash(r)) == 0);
    }
}
