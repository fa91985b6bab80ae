package dev.capstan.ml.mlmodel.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;

/**
 * A position in a file being read (the file plus a dotted field path), used to build error messages that name
 * the file, the field, what was expected and what was found.
 *
 * @param source file (or other source) name
 * @param field  dotted path of the field, empty at the top
 */
public record Where(String source, String field) {

    /** The top of a source. */
    public static Where in(String source) {
        return new Where(source, "");
    }

    /** A child field. */
    public Where at(String key) {
        return new Where(source, field.isEmpty() ? key : field + "." + key);
    }

    /** An element of a list field. */
    public Where at(int index) {
        return new Where(source, field + "[" + index + "]");
    }

    /** The exception for an unexpected value here. */
    public CapstanException fail(String expected, JsonNode found) {
        return fail(expected, describe(found));
    }

    /** The exception for an unexpected value here, the found value already described. */
    public CapstanException fail(String expected, String found) {
        String place = field.isEmpty() ? "" : " field '" + field + "':";
        return CapstanException.invalid("%s:%s expected %s, found %s", source, place, expected, found);
    }

    /** A short description of a JSON/YAML value for messages: its kind and, for scalars, its value. */
    public static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing (the field is missing)";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            return "'" + abbreviate(node.textValue()) + "'";
        }
        return (node.isNumber() ? "number " : node.isBoolean() ? "boolean " : "") + node.asText();
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
