package dev.capstan.ml.mlmodel.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Typed access to fields of a JSON/YAML tree that fails with a message naming the field. */
final class Fields {

    private Fields() {
    }

    static String text(JsonNode parent, String key, Where where) {
        JsonNode node = parent.get(key);
        if (node == null || !node.isTextual()) {
            throw where.at(key).fail("a string", node);
        }
        return node.textValue();
    }

    static String optionalText(JsonNode parent, String key, Where where) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw where.at(key).fail("a string", node);
        }
        return node.textValue();
    }

    /** A scalar read as text (YAML may give an unquoted id or date as a number); containers are refused. */
    static String optionalScalar(JsonNode parent, String key, Where where) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw where.at(key).fail("a string", node);
        }
        return node.asText();
    }

    static boolean bool(JsonNode node, Where where) {
        if (!node.isBoolean()) {
            throw where.fail("true or false", node);
        }
        return node.booleanValue();
    }

    static List<Long> longs(JsonNode node, Where where) {
        if (!node.isArray()) {
            throw where.fail("a list of integers", node);
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode n = node.get(i);
            if (!n.isIntegralNumber() || !n.canConvertToLong()) {
                throw where.at(i).fail("an integer", n);
            }
            out.add(n.longValue());
        }
        return out;
    }

    static void allowOnly(JsonNode node, Where where, String... keys) {
        Set<String> allowed = Set.of(keys);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw where.at(key).fail("only the keys " + List.of(keys), "an unknown key");
            }
        }
    }
}
