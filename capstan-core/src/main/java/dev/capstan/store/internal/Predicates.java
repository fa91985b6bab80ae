package dev.capstan.store.internal;

import dev.capstan.CapstanException;
import dev.capstan.tracking.search.Comparison;

/** SQL for the comparators of the search grammar, the same on SQLite and PostgreSQL. */
public final class Predicates {

    private Predicates() {
    }

    /** {@code column comparator value} for a string column; LIKE is case-sensitive, ILIKE is not. */
    public static String string(SqlQuery q, String column, Comparison c) {
        return switch (c.comparator()) {
            case "=", "!=" -> column + " " + c.comparator() + " " + q.bind(c.value().toString());
            case "LIKE" -> column + " LIKE " + q.bind(c.stringValue());
            case "ILIKE" -> "LOWER(" + column + ") LIKE LOWER(" + q.bind(c.stringValue()) + ")";
            case "IN" -> column + " IN " + q.bindList(c.listValue());
            case "NOT IN" -> column + " NOT IN " + q.bindList(c.listValue());
            default -> throw CapstanException.invalid(
                    "Invalid comparator '%s' for '%s': expected one of =, !=, LIKE, ILIKE, IN, NOT IN", c.comparator(), c.key());
        };
    }

    /** {@code column comparator value} for a number column. */
    public static String number(SqlQuery q, String column, Comparison c) {
        if (c.isListComparator() || c.comparator().endsWith("LIKE")) {
            throw CapstanException.invalid("Invalid comparator '%s' for '%s': expected one of =, !=, >, >=, <, <=",
                    c.comparator(), c.key());
        }
        return column + " " + c.comparator() + " " + q.bind(toNumber(c));
    }

    private static Object toNumber(Comparison c) {
        if (c.value() instanceof Double d) {
            return d;
        }
        try {
            return Long.valueOf(c.value().toString());
        } catch (NumberFormatException e) {
            throw CapstanException.invalid("Invalid value '%s' for '%s': expected an integer (milliseconds since the epoch)",
                    c.value(), c.key());
        }
    }
}
