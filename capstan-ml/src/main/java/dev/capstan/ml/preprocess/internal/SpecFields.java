package dev.capstan.ml.preprocess.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Typed fields of the JSON spec; a missing or mistyped field is a "malformed spec" error naming it. */
final class SpecFields {

    private SpecFields() {
    }

    static String text(JsonNode parent, String key, String where) {
        JsonNode node = parent.get(key);
        if (node == null || !node.isTextual()) {
            throw SpecReader.malformed("%s: expected a string, found %s", path(where, key), node);
        }
        return node.textValue();
    }

    static JsonNode array(JsonNode parent, String key, String where) {
        JsonNode node = parent.get(key);
        if (node == null || !node.isArray()) {
            throw SpecReader.malformed("%s: expected a list, found %s", path(where, key), node);
        }
        return node;
    }

    static List<String> strings(JsonNode parent, String key, String where) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array(parent, key, where)) {
            if (!item.isTextual()) {
                throw SpecReader.malformed("%s: expected strings, found %s", path(where, key), item);
            }
            out.add(item.textValue());
        }
        return out;
    }

    /** A list of {@code size} numbers (any size when negative); "NaN", "Infinity", "-Infinity" are numbers. */
    static double[] doubles(JsonNode parent, String key, int size, String where) {
        JsonNode node = array(parent, key, where);
        if (size >= 0) {
            checkSize(node.size(), size, path(where, key));
        }
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(node.get(i), path(where, key));
        }
        return out;
    }

    static long[] longs(JsonNode parent, String key, int size, String where) {
        JsonNode node = array(parent, key, where);
        checkSize(node.size(), size, path(where, key));
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            if (!node.get(i).canConvertToLong() || !node.get(i).isIntegralNumber()) {
                throw SpecReader.malformed("%s: expected whole numbers, found %s", path(where, key), node.get(i));
            }
            out[i] = node.get(i).longValue();
        }
        return out;
    }

    static double number(JsonNode node, String where) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            switch (node.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw SpecReader.malformed("%s: expected a number, found %s", where, node);
    }

    static <E extends Enum<E>> E choice(JsonNode parent, String key, Class<E> type, String where) {
        String text = text(parent, key, where);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(text)) {
                return constant;
            }
        }
        throw SpecReader.malformed("%s: unknown value '%s'", path(where, key), text);
    }

    static void checkSize(int found, int expected, String where) {
        if (found != expected) {
            throw SpecReader.malformed("%s: expected %d entries (one per column), found %d", where, expected, found);
        }
    }

    private static String path(String where, String key) {
        return where.isEmpty() ? key : where + "." + key;
    }
}
