package dev.capstan.validate.internal;

import dev.capstan.validate.CheckResult;

import java.util.ArrayList;
import java.util.List;

/** The first {@link CheckResult#MAX_EXAMPLES} unexpected values of a check, in row order. */
final class Examples {

    private final List<CheckResult.Example> examples = new ArrayList<>();

    void add(long row, Object value) {
        if (examples.size() < CheckResult.MAX_EXAMPLES) {
            examples.add(new CheckResult.Example(row, value));
        }
    }

    boolean full() {
        return examples.size() >= CheckResult.MAX_EXAMPLES;
    }

    List<CheckResult.Example> list() {
        return examples;
    }
}
