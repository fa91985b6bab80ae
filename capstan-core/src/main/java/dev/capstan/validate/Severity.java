package dev.capstan.validate;

/** How much a failed check matters: an {@code error} fails the validation (exit code 1), a {@code warning} is reported only. */
public enum Severity {
    ERROR, WARNING;

    /** The name as written in a suite. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
