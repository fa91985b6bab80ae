package dev.capstan.validate;

import java.util.List;

/**
 * What a suite found in a table: one result per check, the implied schema checks included.
 *
 * @param suite   the suite's name
 * @param data    where the rows came from
 * @param rows    the number of rows read
 * @param columns the data's columns, in order
 * @param results the results, columns' checks first in suite order, then the table's
 */
public record ValidationReport(String suite, String data, long rows, List<String> columns, List<CheckResult> results) {

    public ValidationReport {
        columns = List.copyOf(columns);
        results = List.copyOf(results);
    }

    /** Whether every error-severity check passed (warnings do not count). */
    public boolean success() {
        return results.stream().noneMatch(CheckResult::failsValidation);
    }

    /** The results that did not pass, errors and warnings. */
    public List<CheckResult> failures() {
        return results.stream().filter(r -> !r.success()).toList();
    }
}
