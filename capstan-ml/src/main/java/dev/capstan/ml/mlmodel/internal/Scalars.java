package dev.capstan.ml.mlmodel.internal;

import dev.capstan.ml.mlmodel.DataType;
import dev.capstan.ml.mlmodel.SignatureEnforcer.Coercion;
import dev.capstan.ml.mlmodel.internal.ColumnConverter.Cell;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/** Converts one scalar value to a {@link DataType}, boxed, or fails naming the cell. */
final class Scalars {

    private static final String WIDENING =
            "only lossless widening is allowed: integer to long or double, float to double, 0/1 long to float or double";
    private static final String NO_MISSING =
            "boolean, integer and long columns cannot hold missing values; declare the column double to allow them";
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)");

    private Scalars() {
    }

    static Object convert(Cell cell, Object value, DataType type, Coercion coercion) {
        if (Kinds.isMissing(value)) {
            return missing(cell, value, type);
        }
        return switch (type) {
            case BOOLEAN -> bool(cell, value);
            case INTEGER -> (int) integral(cell, value, type, coercion, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case LONG -> integral(cell, value, type, coercion, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT -> (float) floating(cell, value, type, coercion);
            case DOUBLE -> floating(cell, value, type, coercion);
            case STRING -> string(cell, value);
            case BINARY -> binary(cell, value, coercion);
            case DATETIME -> Datetimes.convert(cell, value);
        };
    }

    private static Object missing(Cell cell, Object value, DataType type) {
        return switch (type) {
            case FLOAT -> Float.NaN;
            case DOUBLE -> Double.NaN;
            case STRING, BINARY, DATETIME -> null;
            default -> throw cell.fail(type.wireName(), value, NO_MISSING);
        };
    }

    private static Boolean bool(Cell cell, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw cell.fail("boolean", value, "");
    }

    private static long integral(Cell cell, Object value, DataType type, Coercion coercion, long min, long max) {
        String kind = Kinds.of(value);
        if (kind.equals("integer") || kind.equals("long") && type == DataType.LONG && value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (coercion == Coercion.STRICT) {
            throw cell.fail(type.wireName(), value, value instanceof String ? "strings are not converted" : WIDENING);
        }
        BigDecimal exact = exact(cell, value, type.wireName());
        try {
            long result = exact.longValueExact();
            if (result < min || result > max) {
                throw cell.fail(type.wireName(), value, "out of range");
            }
            return result;
        } catch (ArithmeticException e) {
            throw cell.fail(type.wireName(), value, "not a whole number in range");
        }
    }

    /** The exact decimal value of a number or numeric string (SERVING coercion); {@code expected} is for messages. */
    static BigDecimal exact(Cell cell, Object value, String expected) {
        if (value instanceof String s && (INTEGER.matcher(s.trim()).matches() || DECIMAL.matcher(s.trim()).matches())) {
            return new BigDecimal(s.trim());
        }
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (value instanceof Float || value instanceof Double) {
            double d = ((Number) value).doubleValue();
            if (Double.isInfinite(d)) {
                throw cell.fail(expected, value, "not a whole number in range");
            }
            return BigDecimal.valueOf(d);
        }
        if (value instanceof Number n && !(value instanceof Boolean)) {
            return BigDecimal.valueOf(n.longValue());
        }
        throw cell.fail(expected, value, value instanceof String ? "not a number" : "");
    }

    private static double floating(Cell cell, Object value, DataType type, Coercion coercion) {
        if (strictlyWidens(value, type)) {
            return ((Number) value).doubleValue();
        }
        if (coercion == Coercion.STRICT) {
            throw cell.fail(type.wireName(), value, value instanceof String ? "strings are not converted" : WIDENING);
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            return parseDouble(cell, s, type.wireName());
        }
        throw cell.fail(type.wireName(), value, "");
    }

    /** MLflow's {@code _enforce_mlflow_datatype} widening to float32 / float64. */
    private static boolean strictlyWidens(Object value, DataType type) {
        String kind = Kinds.of(value);
        boolean zeroOne = value instanceof Long l && (l == 0 || l == 1);
        if (type == DataType.FLOAT) {
            return kind.equals("float") || zeroOne;
        }
        return switch (kind) {
            case "integer", "float", "double", "decimal" -> true;
            case "long" -> zeroOne;
            default -> false;
        };
    }

    /** Python's {@code float(str)}: decimal notation, or nan / inf / infinity in any case. */
    static double parseDouble(Cell cell, String text, String expected) {
        String s = text.trim();
        if (DECIMAL.matcher(s).matches()) {
            return Double.parseDouble(s);
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (NON_FINITE.matcher(lower).matches()) {
            return lower.contains("nan") ? Double.NaN
                    : lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        throw cell.fail(expected, text, "not a number");
    }

    private static String string(Cell cell, Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw cell.fail("string", value, "");
    }

    private static byte[] binary(Cell cell, Object value, Coercion coercion) {
        if (value instanceof byte[] b) {
            return b;
        }
        if (coercion == Coercion.SERVING && value instanceof String s) {
            try {
                return Base64.getMimeDecoder().decode(s);
            } catch (IllegalArgumentException e) {
                throw cell.fail("binary (base64)", value, "not valid base64");
            }
        }
        throw cell.fail("binary", value, "");
    }
}
