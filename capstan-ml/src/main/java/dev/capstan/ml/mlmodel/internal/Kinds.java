package dev.capstan.ml.mlmodel.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Names Java values by the MLflow type they correspond to, for error messages and conversion rules. */
final class Kinds {

    private Kinds() {
    }

    /** The MLflow-style kind of a non-null value: integer, long, double, string, ... or the Java class. */
    static String of(Object value) {
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Byte || value instanceof Short || value instanceof Integer) {
            return "integer";
        }
        if (value instanceof Long || value instanceof BigInteger) {
            return "long";
        }
        if (value instanceof Float) {
            return "float";
        }
        if (value instanceof Double) {
            return "double";
        }
        if (value instanceof BigDecimal) {
            return "decimal";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof byte[]) {
            return "binary";
        }
        if (value instanceof Temporal || value instanceof Date) {
            return "datetime";
        }
        if (value instanceof List || (value != null && value.getClass().isArray())) {
            return "array";
        }
        if (value instanceof Map) {
            return "map";
        }
        return value == null ? "null" : value.getClass().getSimpleName();
    }

    /** Kind and value, e.g. {@code string 'abc'} or {@code double 2.5}. */
    static String describe(Object value) {
        if (isMissing(value)) {
            return "a missing value (" + value + ")";
        }
        String kind = of(value);
        if (value instanceof String s) {
            return kind + " '" + (s.length() > 40 ? s.substring(0, 37) + "..." : s) + "'";
        }
        return switch (kind) {
            case "binary", "array", "map" -> kind;
            default -> kind + " " + value;
        };
    }

    /** {@code null}, or a NaN float or double. */
    static boolean isMissing(Object value) {
        return value == null
                || value instanceof Double d && d.isNaN()
                || value instanceof Float f && f.isNaN();
    }
}
