package dev.capstan.ml.preprocess.internal;

import dev.capstan.CapstanException;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * The cell values of a frame: {@code null} or a NaN number is missing; numbers, booleans (1 and 0) and decimal
 * text are numbers where a number is needed.
 */
public final class Values {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Values() {
    }

    public static boolean isMissing(Object value) {
        return value == null
                || value instanceof Double d && d.isNaN()
                || value instanceof Float f && f.isNaN();
    }

    public static boolean isIntegral(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger;
    }

    /**
     * The value as a double (NaN when missing). {@code row} < 0 means a single row: the message then names no row.
     *
     * @throws CapstanException for text that is not a decimal number, or a value of another type
     */
    public static double number(Object value, String column, int row) {
        if (value instanceof Double d) {
            return d;
        }
        if (value == null) {
            return Double.NaN;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (value instanceof String s && DECIMAL.matcher(s.strip()).matches()) {
            return Double.parseDouble(s.strip());
        }
        throw CapstanException.invalid("Column '%s'%s: expected a number, found %s",
                column, where(row), describe(value));
    }

    /** " row N" for a frame row, "" for a single row. */
    public static String where(int row) {
        return row < 0 ? "" : " row " + row;
    }

    /** The value for a message: text quoted, other values with their type. */
    public static String describe(Object value) {
        if (value instanceof String s) {
            return "text '" + s + "'";
        }
        return value == null ? "a missing value" : value.getClass().getSimpleName() + " " + value;
    }
}
