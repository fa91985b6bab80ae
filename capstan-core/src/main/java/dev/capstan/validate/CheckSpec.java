package dev.capstan.validate;

import java.util.Map;

/**
 * One check of a suite as written: {@code - between: {min: 0, max: 120}} with optional {@code mostly} and
 * {@code severity}.
 *
 * @param type     what it checks
 * @param argument its argument as written: a mapping, a list, a scalar, or null for checks without one
 * @param mostly   the fraction of non-missing values that must pass, in (0, 1]; 1 when absent
 * @param severity what a failure means
 * @param line     the line in the suite file; 0 when not read from a file
 */
public record CheckSpec(CheckType type, Object argument, double mostly, Severity severity, int line) {

    /** A check that must hold for every value, as an error. */
    public static CheckSpec of(CheckType type, Object argument) {
        return new CheckSpec(type, argument, 1.0, Severity.ERROR, 0);
    }

    /** The argument's entry {@code key} when the argument is a mapping; null otherwise. */
    public Object arg(String key) {
        return argument instanceof Map<?, ?> map ? map.get(key) : null;
    }
}
