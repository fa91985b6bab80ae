package dev.capstan.validate.internal;

import dev.capstan.validate.CheckResult;
import dev.capstan.validate.CheckSpec;

import java.util.List;

/** Builds results the same way for every check: the percent of non-missing values, and {@code mostly}. */
final class Outcome {

    private Outcome() {
    }

    /** The result of a check of each value: it passes when the share of expected non-missing values is ≥ mostly. */
    static CheckResult ofValues(CheckSpec spec, String column, long elements, long missing, long unexpected,
                                List<CheckResult.Example> examples) {
        long present = elements - missing;
        double passed = present == 0 ? 1.0 : (double) (present - unexpected) / present;
        double percent = present == 0 ? 0.0 : 100.0 * unexpected / present;
        return new CheckResult(column, spec.type(), spec.argument(), spec.severity(), spec.mostly(),
                passed >= spec.mostly(), elements, missing, unexpected, percent, passed, examples, spec.line());
    }

    /** The result of a check of something observed (a statistic, a count, a set). */
    static CheckResult ofObserved(CheckSpec spec, String column, boolean success, long elements, long missing,
                                  Object observed) {
        return new CheckResult(column, spec.type(), spec.argument(), spec.severity(), spec.mostly(), success,
                elements, missing, 0, 0.0, observed, List.of(), spec.line());
    }
}
