package dev.capstan.tracking;

/** A run with everything it logged. */
public record Run(RunInfo info, RunData data, RunInputs inputs) {
}
