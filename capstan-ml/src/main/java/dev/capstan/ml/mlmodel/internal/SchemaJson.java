package dev.capstan.ml.mlmodel.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.capstan.ml.mlmodel.ColSpec;
import dev.capstan.ml.mlmodel.ColumnType;
import dev.capstan.ml.mlmodel.DataType;
import dev.capstan.ml.mlmodel.InputSpec;
import dev.capstan.ml.mlmodel.ParamSchema;
import dev.capstan.ml.mlmodel.ParamSpec;
import dev.capstan.ml.mlmodel.Schema;
import dev.capstan.ml.mlmodel.TensorSpec;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON strings that MLmodel files hold for a signature's {@code inputs}, {@code outputs} and {@code params}
 * ({@code Schema.to_json} / {@code ParamSchema.to_json} in MLflow). Written with Python's {@code json.dumps}
 * spacing and key order, so files look like MLflow's own.
 */
public final class SchemaJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter PYTHON_STYLE = MAPPER.writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("", ""))
            .withArrayIndenter(new DefaultIndenter("", ""))
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEntrySpacing(Separators.Spacing.AFTER)
                    .withArrayValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator("")));

    private SchemaJson() {
    }

    /** Parses a schema JSON string found at {@code where}. */
    public static Schema readSchema(String json, Where where) {
        JsonNode list = parse(json, where);
        if (!list.isArray()) {
            throw where.fail("a JSON list of column or tensor specs", list);
        }
        List<InputSpec> inputs = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            inputs.add(readInput(list.get(i), where.at(i)));
        }
        try {
            return new Schema(inputs);
        } catch (RuntimeException e) {
            throw where.fail("a valid schema", e.getMessage());
        }
    }

    /** Parses a params JSON string found at {@code where}. */
    public static ParamSchema readParams(String json, Where where) {
        JsonNode list = parse(json, where);
        if (!list.isArray()) {
            throw where.fail("a JSON list of param specs", list);
        }
        List<ParamSpec> params = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            ParamSpec param = ParamJson.read(list.get(i), where.at(i));
            if (params.stream().anyMatch(p -> p.name().equals(param.name()))) {
                throw where.at(i).at("name").fail("a unique parameter name", "'" + param.name() + "' twice");
            }
            params.add(param);
        }
        return new ParamSchema(params);
    }

    /** The JSON string MLflow would write for this schema. */
    public static String write(Schema schema) {
        return dump(schema.inputs().stream().map(SchemaJson::toJson).toList());
    }

    /** The JSON string MLflow would write for these params. */
    public static String write(ParamSchema params) {
        return dump(params.params().stream().map(ParamJson::toJson).toList());
    }

    static String dump(Object value) {
        try {
            return escapeNonAscii(PYTHON_STYLE.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Python's {@code ensure_ascii}: non-ASCII characters (only found inside strings) as lower-case escapes. */
    private static String escapeNonAscii(String json) {
        StringBuilder out = new StringBuilder(json.length());
        json.chars().forEach(c -> out.append(c < 0x80 ? Character.toString(c) : String.format("\\u%04x", c)));
        return out.toString();
    }

    private static JsonNode parse(String json, Where where) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw where.fail("a JSON string", "invalid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private static InputSpec readInput(JsonNode node, Where where) {
        if (!node.isObject()) {
            throw where.fail("a mapping with a 'type'", node);
        }
        return "tensor".equals(node.path("type").asText()) ? readTensor(node, where) : readColumn(node, where);
    }

    private static ColSpec readColumn(JsonNode node, Where where) {
        Fields.allowOnly(node, where, "type", "name", "required", "optional", "items", "properties", "values");
        String name = Fields.optionalText(node, "name", where);
        boolean required = readRequired(node, where);
        return new ColSpec(TypeJson.read(node, where), name, required);
    }

    private static boolean readRequired(JsonNode node, Where where) {
        JsonNode required = node.get("required");
        JsonNode optional = node.get("optional");
        if (required != null && optional != null && !required.isNull() && !optional.isNull()) {
            throw where.fail("only one of 'required' and 'optional'", "both");
        }
        if (optional != null && !optional.isNull()) {
            return !Fields.bool(optional, where.at("optional"));
        }
        return required == null || required.isNull() || Fields.bool(required, where.at("required"));
    }

    private static TensorSpec readTensor(JsonNode node, Where where) {
        Fields.allowOnly(node, where, "type", "name", "tensor-spec");
        JsonNode spec = node.path("tensor-spec");
        Where at = where.at("tensor-spec");
        if (!spec.isObject()) {
            throw at.fail("a mapping with 'dtype' and 'shape'", spec);
        }
        String dtype = Fields.text(spec, "dtype", at);
        if (!NumpyDtypes.isKnown(dtype)) {
            throw at.at("dtype").fail("a NumPy dtype name (" + NumpyDtypes.EXAMPLES + ")", spec.get("dtype"));
        }
        return new TensorSpec(dtype, Fields.longs(spec.path("shape"), at.at("shape")),
                Fields.optionalText(node, "name", where));
    }

    private static Map<String, Object> toJson(InputSpec spec) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (spec instanceof TensorSpec t) {
            if (t.name() != null) {
                out.put("name", t.name());
            }
            out.put("type", "tensor");
            out.put("tensor-spec", tensorInfo(t));
            return out;
        }
        ColSpec c = (ColSpec) spec;
        out.putAll(TypeJson.toJson(c.type()));
        if (c.name() != null) {
            out.put("name", c.name());
        }
        out.put("required", c.required());
        return out;
    }

    private static Map<String, Object> tensorInfo(TensorSpec t) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("dtype", t.dtype());
        info.put("shape", t.shape());
        return info;
    }

    /** Scalar and composite column types ({@code DataType}, {@code Array}, {@code Object}, {@code Map}). */
    static final class TypeJson {

        private TypeJson() {
        }

        static ColumnType read(JsonNode node, Where where) {
            String type = Fields.text(node, "type", where);
            return switch (type) {
                case "array" -> new ColumnType.ArrayType(read(nested(node, "items", where), where.at("items")));
                case "map" -> new ColumnType.MapType(read(nested(node, "values", where), where.at("values")));
                case "object" -> new ColumnType.ObjectType(properties(node.path("properties"), where.at("properties")));
                case "sparkml_vector" -> new ColumnType.SparkMLVectorType();
                default -> DataType.fromWireName(type).orElseThrow(() -> where.at("type").fail(
                        "one of " + DataType.wireNames() + ", array, object, map, sparkml_vector or tensor",
                        node.get("type")));
            };
        }

        static Map<String, Object> toJson(ColumnType type) {
            Map<String, Object> out = new LinkedHashMap<>();
            if (type instanceof DataType d) {
                out.put("type", d.wireName());
            } else if (type instanceof ColumnType.ArrayType a) {
                out.put("type", "array");
                out.put("items", toJson(a.items()));
            } else if (type instanceof ColumnType.MapType m) {
                out.put("type", "map");
                out.put("values", toJson(m.values()));
            } else if (type instanceof ColumnType.ObjectType o) {
                out.put("type", "object");
                out.put("properties", properties(o));
            } else {
                out.put("type", "sparkml_vector");
            }
            return out;
        }

        private static Map<String, Object> properties(ColumnType.ObjectType o) {
            Map<String, Object> props = new LinkedHashMap<>();
            for (ColumnType.Property p : o.properties()) {
                Map<String, Object> prop = toJson(p.type());
                prop.put("required", p.required());
                props.put(p.name(), prop);
            }
            return props;
        }

        private static JsonNode nested(JsonNode node, String key, Where where) {
            JsonNode child = node.path(key);
            if (!child.isObject()) {
                throw where.at(key).fail("a mapping with a 'type'", child);
            }
            return child;
        }

        private static List<ColumnType.Property> properties(JsonNode node, Where where) {
            if (!node.isObject() || node.isEmpty()) {
                throw where.fail("a non-empty mapping of property name to type", node);
            }
            List<ColumnType.Property> out = new ArrayList<>();
            node.properties().forEach(e -> out.add(property(e.getKey(), e.getValue(), where.at(e.getKey()))));
            return out;
        }

        private static ColumnType.Property property(String name, JsonNode node, Where where) {
            if (!node.isObject()) {
                throw where.fail("a mapping with a 'type'", node);
            }
            JsonNode required = node.get("required");
            boolean isRequired = required == null || Fields.bool(required, where.at("required"));
            return new ColumnType.Property(name, read(node, where), isRequired);
        }
    }
}
