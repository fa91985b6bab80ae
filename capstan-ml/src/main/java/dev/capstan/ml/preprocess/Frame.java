package dev.capstan.ml.preprocess;

import dev.capstan.CapstanException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * A table in memory, column by column, as preprocessing fits and transforms it. A value is a {@code Double},
 * {@code Long}, {@code String}, {@code Boolean} or null; null (or a NaN double) is missing. The lists are copied,
 * the column arrays are not: treat them as immutable once given.
 *
 * @param names   column names, distinct
 * @param columns one array per name, each {@code rows} long
 * @param rows    the number of rows
 */
public record Frame(List<String> names, List<Object[]> columns, int rows) {

    public Frame {
        names = List.copyOf(names);
        columns = List.copyOf(columns);
        if (names.size() != columns.size()) {
            throw CapstanException.invalid("A frame needs one column per name: %d names, %d columns",
                    names.size(), columns.size());
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw CapstanException.invalid("A frame's column names must be distinct, found %s", names);
        }
        for (int c = 0; c < names.size(); c++) {
            if (columns.get(c).length != rows) {
                throw CapstanException.invalid("Column '%s': expected %d rows, found %d",
                        names.get(c), rows, columns.get(c).length);
            }
        }
    }

    /** A frame from named columns in map order; the row count is the first column's length (0 when none). */
    public static Frame of(Map<String, Object[]> columns) {
        int rows = columns.isEmpty() ? 0 : columns.values().iterator().next().length;
        return new Frame(new ArrayList<>(columns.keySet()), new ArrayList<>(columns.values()), rows);
    }

    /** The position of a column, or -1 when absent. */
    public int indexOf(String name) {
        return names.indexOf(name);
    }

    /** A column's values. @throws CapstanException naming the column and the frame's columns when absent */
    public Object[] column(String name) {
        int index = indexOf(name);
        if (index < 0) {
            throw CapstanException.invalid("No column '%s'; the frame has %s", name, names);
        }
        return columns.get(index);
    }
}
