package dev.capstan.validate.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * A column value read as each type the profiler infers: CSV text that reads as the type, or a typed source's value
 * of the matching Java type. Each method returns null when the value does not read as its type.
 */
public final class Readings {

    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]{1,19}");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern DATE_TIME =
            Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?");

    private Readings() {
    }

    /** A {@code Long} (or {@code Integer}), or text of at most 19 digits that fits one. */
    public static Long asLong(Object value) {
        if (value instanceof Long || value instanceof Integer) {
            return ((Number) value).longValue();
        }
        if (value instanceof String s && INTEGER.matcher(s).matches()) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException tooBig) {
                return null;
            }
        }
        return null;
    }

    /** A {@code Long} or {@code Double} (or {@code Integer}, {@code Float}), or decimal text ({@code -2.5e-3}). */
    public static Double asDouble(Object value) {
        if (value instanceof Long || value instanceof Double || value instanceof Integer || value instanceof Float) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof String s && DECIMAL.matcher(s).matches()) {
            double d = Double.parseDouble(s);
            return Double.isInfinite(d) ? null : d;
        }
        return null;
    }

    /** A {@code Boolean}, or {@code true} / {@code false} in any case. */
    public static Boolean asBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return s.equalsIgnoreCase("true");
        }
        return null;
    }

    /** A {@code LocalDate}, or ISO {@code yyyy-MM-dd} text. */
    public static LocalDate asDate(Object value) {
        if (value instanceof LocalDate d) {
            return d;
        }
        if (value instanceof String s && DATE.matcher(s).matches()) {
            try {
                return LocalDate.parse(s);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    /** A {@code LocalDateTime}, or ISO {@code yyyy-MM-ddTHH:mm[:ss[.fff]]} text, with a space for the T too. */
    public static LocalDateTime asDateTime(Object value) {
        if (value instanceof LocalDateTime t) {
            return t;
        }
        if (value instanceof String s && DATE_TIME.matcher(s).matches()) {
            try {
                return LocalDateTime.parse(s.replace(' ', 'T'));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }
}
