package dev.capstan.ml.preprocess.internal;

import dev.capstan.CapstanException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings of one step of a {@code preprocessing:} list, read with messages that name the step and key
 * ({@code preprocessing[2].scale.method: ...}).
 */
public final class Settings {

    private final String where;
    private final Map<?, ?> map;

    /** @throws CapstanException when the map holds a key not in {@code allowed} */
    public Settings(String where, Map<?, ?> map, Set<String> allowed) {
        this.where = where;
        this.map = map;
        for (Object key : map.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                throw fail("unknown key '%s'; expected one of %s", key, String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    public CapstanException fail(String format, Object... args) {
        return CapstanException.invalid(where + ": " + format, args);
    }

    /** The required {@code columns} list: distinct, non-empty names. */
    public List<String> columns() {
        Object value = map.get("columns");
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw fail("columns: expected a non-empty list of column names, found %s", describe(value));
        }
        List<String> names = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String s) || s.isEmpty()) {
                throw fail("columns: expected column names, found %s", describe(item));
            }
            if (names.contains(s)) {
                throw fail("columns: '%s' is listed twice", s);
            }
            names.add(s);
        }
        return names;
    }

    /** An enum setting written in lower case; {@code fallback} when absent (null: required). */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
        Object value = map.get(key);
        if (value == null && fallback != null) {
            return fallback;
        }
        Set<String> names = new HashSet<>();
        for (E constant : type.getEnumConstants()) {
            String name = constant.name().toLowerCase(Locale.ROOT);
            if (name.equals(value)) {
                return constant;
            }
            names.add(name);
        }
        throw fail("%s: expected one of %s, found %s", key, String.join(", ", new TreeSet<>(names)), describe(value));
    }

    /** A required whole number of at least 1. */
    public int positiveInt(String key) {
        Object value = map.get(key);
        long number = Values.isIntegral(value) ? ((Number) value).longValue() : 0;
        if (number < 1 || number > Integer.MAX_VALUE) {
            throw fail("%s: expected a whole number of at least 1, found %s", key, describe(value));
        }
        return (int) number;
    }

    /** An optional number or string (null when absent). */
    public Object scalar(String key) {
        Object value = map.get(key);
        if (value != null && !(value instanceof Number || value instanceof String)) {
            throw fail("%s: expected a number or a string, found %s", key, describe(value));
        }
        return value;
    }

    public boolean has(String key) {
        return map.containsKey(key);
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : value instanceof String s ? "'" + s + "'" : value.toString();
    }
}
