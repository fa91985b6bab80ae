package dev.capstan.validate.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.capstan.Json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/** Maps Java values onto the few types a {@link dev.capstan.validate.ColumnBatch} holds, one type per kind of value. */
final class SourceValues {

    private SourceValues() {
    }

    /**
     * Integral numbers as {@code Long} (a {@code BigInteger} beyond long as {@code Double}), other numbers as
     * {@code Double} with NaN as null, maps and collections as their JSON text, anything else as it is.
     */
    static Object normalize(Object value) {
        if (value instanceof Number number) {
            return number(number);
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            return jsonText(value);
        }
        return value;
    }

    /** A double, or null for NaN (missing, as to pandas). */
    static Double real(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static Object number(Number number) {
        if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return number.longValue();
        }
        if (number instanceof BigInteger big) {
            return big.bitLength() < Long.SIZE ? (Object) big.longValue() : (Object) big.doubleValue();
        }
        if (number instanceof BigDecimal decimal) {
            return decimal.doubleValue();
        }
        return real(number.doubleValue());
    }

    private static String jsonText(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write a value as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
