package dev.capstan.validate;

import java.util.List;

/**
 * A column of a suite: its schema and its checks. The schema adds checks of its own: {@code type} when a type is
 * given, {@code not_null} unless {@code nullable}, {@code unique} when {@code unique}.
 *
 * @param name     the column's name in the data
 * @param type     its logical type, or null for any
 * @param nullable whether values may be missing
 * @param unique   whether values must be unique
 * @param coerce   whether typed sources may hold the value as text that reads as the type
 * @param checks   the column's checks, in suite order
 * @param line     the line in the suite file; 0 when not read from a file
 */
public record ColumnSpec(String name, ColumnType type, boolean nullable, boolean unique, boolean coerce,
                         List<CheckSpec> checks, int line) {

    public ColumnSpec {
        checks = List.copyOf(checks);
    }

    /** A column with no schema constraints and the given checks. */
    public static ColumnSpec of(String name, List<CheckSpec> checks) {
        return new ColumnSpec(name, null, true, false, false, checks, 0);
    }
}
