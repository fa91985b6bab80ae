package dev.capstan.validate.internal;

import dev.capstan.validate.CheckResult;

/** One check being evaluated over a table's batches, in row order, by one thread. */
interface Evaluator {

    void accept(BatchView batch);

    /** The result once every batch was seen. */
    CheckResult result();
}
