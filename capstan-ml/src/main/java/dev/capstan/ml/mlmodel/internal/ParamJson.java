package dev.capstan.ml.mlmodel.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.ml.mlmodel.DataType;
import dev.capstan.ml.mlmodel.ParamSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One entry of a signature's params JSON ({@code ParamSpec.to_dict} / {@code from_json_dict}). */
final class ParamJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ParamJson() {
    }

    static ParamSpec read(JsonNode node, Where where) {
        if (!node.isObject()) {
            throw where.fail("a mapping with 'name', 'type' and 'default'", node);
        }
        Fields.allowOnly(node, where, "name", "type", "dtype", "default", "shape");
        if (!node.has("default")) {
            throw where.at("default").fail("a default value (possibly null)", node.get("default"));
        }
        String typeKey = node.has("type") ? "type" : "dtype";
        DataType type = DataType.fromWireName(Fields.text(node, typeKey, where))
                .filter(t -> t != DataType.BINARY)
                .orElseThrow(() -> where.at(typeKey).fail("one of " + DataType.wireNames() + " except binary",
                        node.get(typeKey)));
        List<Long> shape = readShape(node.get("shape"), where.at("shape"));
        Object defaultValue = MAPPER.convertValue(node.get("default"), Object.class);
        if (shape != null && defaultValue != null && !(defaultValue instanceof List)) {
            throw where.at("default").fail("a list, since shape is [-1]", node.get("default"));
        }
        return new ParamSpec(nameOf(node, where), type, defaultValue, shape);
    }

    static Map<String, Object> toJson(ParamSpec p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", p.name());
        out.put("type", p.type().wireName());
        out.put("default", p.defaultValue());
        out.put("shape", p.shape());
        return out;
    }

    private static String nameOf(JsonNode node, Where where) {
        JsonNode name = node.get("name");
        if (name == null || !name.isValueNode() || name.isNull()) {
            throw where.at("name").fail("a string", name);
        }
        return name.asText();
    }

    private static List<Long> readShape(JsonNode node, Where where) {
        if (node == null || node.isNull()) {
            return null;
        }
        List<Long> shape = Fields.longs(node, where);
        if (!shape.equals(List.of(-1L))) {
            throw where.fail("null (a scalar) or [-1] (a list)", node);
        }
        return shape;
    }
}
