package dev.capstan.validate.internal;

import dev.capstan.CapstanException;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kwargs of one Great Expectations expectation, read by name. It remembers which kwargs were read, so that
 * {@link #requireAllRead} can refuse the expectation when it sets one that the conversion does not understand
 * (a {@code row_condition}, say): converting it without that kwarg would change what the check means. Every
 * refusal is a {@link CapstanException} whose message is the reason, for the importer's skipped list.
 */
public final class GeKwargs {

    /** Kwargs that change how Great Expectations reports or computes a result, not what passes: ignored. */
    private static final Set<String> IGNORED = Set.of("result_format", "catch_exceptions", "include_config",
            "meta", "ties_okay", "allow_relative_error", "ignore_row_if", "condition_parser",
            "output_strftime_format");
    /** Keys of a GE 1.x expectation object that are not kwargs, when its kwargs are written beside them. */
    private static final Set<String> ENVELOPE = Set.of("type", "expectation_type", "id", "meta", "notes",
            "description", "rendered_content", "severity", "expectation_context");

    private final Map<?, ?> kwargs;
    private final Set<String> read = new HashSet<>();

    private GeKwargs(Map<?, ?> kwargs) {
        this.kwargs = kwargs;
    }

    /**
     * The kwargs of an expectation object: its {@code kwargs} mapping (GE 0.x and 1.x suite files), or else its
     * own keys other than {@code type}, {@code id}, {@code meta} and the like (GE 1.x expectation models).
     */
    public static GeKwargs of(Map<?, ?> expectation) {
        if (expectation.containsKey("kwargs")) {
            Object kwargs = expectation.get("kwargs");
            if (kwargs != null && !(kwargs instanceof Map<?, ?>)) {
                throw unsupported("'kwargs' is not an object");
            }
            return new GeKwargs(kwargs == null ? Map.of() : (Map<?, ?>) kwargs);
        }
        Map<Object, Object> own = new LinkedHashMap<>(expectation);
        own.keySet().removeIf(ENVELOPE::contains);
        return new GeKwargs(own);
    }

    /** The kwarg's value; null when absent. */
    public Object optional(String name) {
        read.add(name);
        Object value = kwargs.get(name);
        if (value instanceof Map<?, ?> map && map.containsKey("$PARAMETER")) {
            throw unsupported("kwarg '%s' is the suite parameter '%s', which Capstan does not evaluate", name,
                    map.get("$PARAMETER"));
        }
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            throw unsupported("kwarg '%s' is %s, not a finite number", name, d);
        }
        return value;
    }

    public Object required(String name) {
        Object value = optional(name);
        if (value == null) {
            throw unsupported("missing kwarg '%s'", name);
        }
        return value;
    }

    public String text(String name) {
        return as(name, required(name), String.class, "a string");
    }

    public Number number(String name) {
        return as(name, required(name), Number.class, "a number");
    }

    public List<?> list(String name) {
        return as(name, required(name), List.class, "a list");
    }

    /** A boolean kwarg; {@code absent} when it is not set. */
    public boolean flag(String name, boolean absent) {
        Object value = optional(name);
        return value == null ? absent : as(name, value, Boolean.class, "true or false");
    }

    /** A bound of a range: a number, a date or date-time text, or null for none. */
    public Object bound(String name) {
        Object value = optional(name);
        if (value != null && !(value instanceof Number) && !(value instanceof String)) {
            throw unsupported("kwarg '%s' must be a number or a date, found %s", name, value);
        }
        return value;
    }

    /** {@code mostly} as a fraction in (0, 1]; 1 when absent. */
    public double mostly() {
        Object value = optional("mostly");
        if (value == null) {
            return 1.0;
        }
        double mostly = as("mostly", value, Number.class, "a number").doubleValue();
        if (!(mostly > 0 && mostly <= 1)) {
            throw unsupported("'mostly' must be in (0, 1], found %s", value);
        }
        return mostly;
    }

    /**
     * Refuses a kwarg that no conversion read, unless it is one that does not change what passes or is null or
     * false (an option left off).
     */
    public void requireAllRead() {
        for (Map.Entry<?, ?> e : kwargs.entrySet()) {
            String key = String.valueOf(e.getKey());
            boolean off = e.getValue() == null || Boolean.FALSE.equals(e.getValue());
            if (!read.contains(key) && !IGNORED.contains(key) && !off) {
                throw unsupported("kwarg '%s' is not supported", key);
            }
        }
    }

    /** A reason for not converting an expectation. */
    public static CapstanException unsupported(String format, Object... args) {
        return CapstanException.invalid(format, args);
    }

    private static <T> T as(String name, Object value, Class<T> type, String what) {
        if (!type.isInstance(value)) {
            throw unsupported("kwarg '%s' must be %s, found %s", name, what, value);
        }
        return type.cast(value);
    }
}
