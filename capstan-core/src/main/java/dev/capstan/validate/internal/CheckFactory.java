package dev.capstan.validate.internal;

import dev.capstan.validate.CheckSpec;
import dev.capstan.validate.CheckType;
import dev.capstan.validate.ColumnSpec;
import dev.capstan.validate.ColumnType;
import dev.capstan.validate.Suite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a suite into evaluators for a table with the given columns: the schema's implied checks first, then each
 * column's, then the table's. A column the data lacks, or an argument that cannot be used (a bad regex, a bound
 * that is not a number), is an error naming the suite's line, before any row is read.
 */
final class CheckFactory {

    private final Suite suite;
    private final List<String> columns;
    private final String dataName;
    private final Map<String, ColumnSpec> specs = new HashMap<>();
    private final LeakageKeys reference;
    private final boolean typed;
    private final boolean[] numbers;
    private final boolean[] hashes;

    CheckFactory(Suite suite, String dataName, List<String> columns, boolean typed, LeakageKeys reference) {
        this.suite = suite;
        this.typed = typed;
        this.dataName = dataName;
        this.columns = columns;
        this.reference = reference;
        this.numbers = new boolean[columns.size()];
        this.hashes = new boolean[columns.size()];
        suite.columns().forEach(c -> specs.put(c.name(), c));
    }

    /** Whether the checks read the numbers of the column at {@code index}, known once {@link #evaluators} ran. */
    boolean needsNumbers(int index) {
        return numbers[index];
    }

    /** Whether the checks read the hashes of the column at {@code index}, known once {@link #evaluators} ran. */
    boolean needsHashes(int index) {
        return hashes[index];
    }

    List<Evaluator> evaluators() {
        List<Evaluator> evaluators = new ArrayList<>();
        for (ColumnSpec column : suite.columns()) {
            int index = index(column.name(), column.line());
            implied(column).forEach(spec -> evaluators.add(create(spec, column, index)));
            column.checks().forEach(spec -> evaluators.add(create(spec, column, index)));
        }
        suite.checks().forEach(spec -> evaluators.add(table(spec)));
        return evaluators;
    }

    /** The checks a column's schema stands for: its type, not null, unique. */
    static List<CheckSpec> implied(ColumnSpec column) {
        List<CheckSpec> implied = new ArrayList<>();
        if (column.type() != null) {
            implied.add(new CheckSpec(CheckType.TYPE, column.type().word(), 1.0,
                    dev.capstan.validate.Severity.ERROR, column.line()));
        }
        if (!column.nullable()) {
            implied.add(new CheckSpec(CheckType.NOT_NULL, null, 1.0, dev.capstan.validate.Severity.ERROR,
                    column.line()));
        }
        if (column.unique()) {
            implied.add(new CheckSpec(CheckType.UNIQUE, null, 1.0, dev.capstan.validate.Severity.ERROR,
                    column.line()));
        }
        return implied;
    }

    /** The data's columns, in order. */
    List<String> columns() {
        return columns;
    }

    /** The index of a column the suite names at {@code line}; an error naming the line when the data lacks it. */
    int index(String column, int line) {
        int index = columns.indexOf(column);
        if (index < 0) {
            throw SuiteReader.error(suite, line, "column '" + column + "' is not in " + dataName
                    + " (its columns: " + String.join(", ", columns) + ")");
        }
        return index;
    }

    private Evaluator create(CheckSpec spec, ColumnSpec column, int index) {
        numbers[index] |= ColumnChecks.readsNumbers(spec.type(), column.type());
        hashes[index] |= ColumnChecks.readsHashes(spec.type());
        try {
            return ColumnChecks.create(spec, column, index, typed);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw SuiteReader.error(suite, spec.line(), "'" + spec.type().word() + "' on column '" + column.name()
                    + "': " + e.getMessage());
        }
    }

    private Evaluator table(CheckSpec spec) {
        try {
            return TableChecks.create(spec, this);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw SuiteReader.error(suite, spec.line(), "'" + spec.type().word() + "': " + e.getMessage());
        }
    }

    /** Notes that checks read these columns' numbers. */
    void readNumbers(int... indices) {
        for (int index : indices) {
            numbers[index] = true;
        }
    }

    /** Notes that checks read these columns' hashes. */
    void readHashes(int... indices) {
        for (int index : indices) {
            hashes[index] = true;
        }
    }

    /** The hashes of a key column of the reference dataset, for {@code no_leakage} at {@code line}. */
    LongCounts referenceKeys(String column, int line) {
        if (reference == null) {
            throw SuiteReader.error(suite, line, "'no_leakage' compares with another dataset: give it with "
                    + "--reference (Validator.validate(data, reference))");
        }
        ColumnSpec spec = specs.get(column);
        return reference.keys(column, spec == null ? null : spec.type(), line);
    }

    /** The keys of the reference dataset's columns, read when a {@code no_leakage} check asks for them. */
    interface LeakageKeys {
        LongCounts keys(String column, ColumnType type, int line);
    }
}
