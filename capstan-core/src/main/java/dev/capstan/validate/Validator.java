package dev.capstan.validate;

import dev.capstan.validate.internal.Engine;

import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Validates tables against a suite: every check is evaluated (none stops at the first failure, like pandera's
 * {@code lazy=True}) in one streaming pass. Thread-safe: a validator holds only its suite.
 */
public final class Validator {

    private final Suite suite;

    public Validator(Suite suite) {
        this.suite = suite;
    }

    /** Validates a table. */
    public ValidationReport validate(TableSource data) {
        return validate(data, null, rows -> { });
    }

    /**
     * Validates a table against the suite, with a reference dataset for {@code no_leakage} (null when none),
     * telling {@code progress} the rows read so far.
     *
     * @throws dev.capstan.CapstanException for a column the data lacks, an unusable argument (with the suite's
     *                                      line) or a malformed row of the data (with its line)
     */
    public ValidationReport validate(TableSource data, TableSource reference, LongConsumer progress) {
        return new Engine(suite).run(data, reference, progress);
    }

    /**
     * Validates rows given in memory, such as the inputs of a prediction request, on the calling thread. Their
     * values are typed: a text in an integer column fails its type check unless the column coerces.
     */
    public ValidationReport validateRows(String name, List<String> columns, List<Map<String, Object>> rows) {
        try (TableSource source = TableSources.of(name, columns, rows)) {
            return new Engine(suite).runHere(source);
        }
    }
}
