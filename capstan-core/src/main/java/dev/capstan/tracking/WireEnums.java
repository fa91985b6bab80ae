package dev.capstan.tracking;

import dev.capstan.CapstanException;

import java.util.Arrays;
import java.util.Locale;

/** Reads MLflow enum fields, which clients send by name ({@code "ACTIVE_ONLY"}) or by proto number ({@code 1}). */
final class WireEnums {

    private WireEnums() {
    }

    /** The constant named {@code value}, or the one whose proto number (ordinal + 1) it is. */
    static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        E[] constants = type.getEnumConstants();
        String text = value == null ? "" : value.trim();
        if (text.matches("\\d+")) {
            int number = Integer.parseInt(text);
            if (number >= 1 && number <= constants.length) {
                return constants[number - 1];
            }
        }
        for (E constant : constants) {
            if (constant.name().equals(text.toUpperCase(Locale.ROOT))) {
                return constant;
            }
        }
        throw CapstanException.invalid("Invalid value '%s' for parameter '%s': expected one of %s", value, field,
                Arrays.toString(constants));
    }
}
