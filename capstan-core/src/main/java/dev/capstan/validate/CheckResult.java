package dev.capstan.validate;

import java.util.List;

/**
 * The outcome of one check, with the figures Great Expectations reports: how many values it looked at, how many were
 * missing and unexpected, what it observed, and up to {@link #MAX_EXAMPLES} unexpected values with their rows.
 *
 * @param column            the column checked; null for a table-level check
 * @param type              the check
 * @param argument          its argument as written in the suite
 * @param severity          what a failure means
 * @param mostly            the fraction of non-missing values that had to pass
 * @param success           whether the check passed
 * @param elementCount      the values (rows) looked at
 * @param missingCount      the missing ones among them
 * @param unexpectedCount   the non-missing values that failed the check; 0 for checks of a statistic
 * @param unexpectedPercent {@code unexpectedCount} in percent of the non-missing values
 * @param observedValue     what the check measured: the statistic, the count, the distinct values, or the fraction
 *                          of non-missing values that passed
 * @param examples          up to {@link #MAX_EXAMPLES} unexpected values with their 0-based row indices
 * @param line              the check's line in the suite; 0 for none
 */
public record CheckResult(String column, CheckType type, Object argument, Severity severity, double mostly,
                          boolean success, long elementCount, long missingCount, long unexpectedCount,
                          double unexpectedPercent, Object observedValue, List<Example> examples, int line) {

    /** How many unexpected values a result shows. */
    public static final int MAX_EXAMPLES = 20;

    public CheckResult {
        examples = List.copyOf(examples);
    }

    /** Whether this result fails the validation: an error-severity check that did not pass. */
    public boolean failsValidation() {
        return !success && severity == Severity.ERROR;
    }

    /**
     * An unexpected value.
     *
     * @param row   its 0-based row index in the data (the header of a CSV is not a row)
     * @param value the value as read; for a check of several columns, the list of their values
     */
    public record Example(long row, Object value) {
    }
}
