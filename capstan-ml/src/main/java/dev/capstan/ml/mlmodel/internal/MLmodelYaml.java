package dev.capstan.ml.mlmodel.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import dev.capstan.ml.mlmodel.MLmodel;
import dev.capstan.ml.mlmodel.ModelSignature;
import dev.capstan.ml.mlmodel.ParamSchema;
import dev.capstan.ml.mlmodel.SavedInputExampleInfo;
import dev.capstan.ml.mlmodel.Schema;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps between {@link MLmodel} and the YAML text of an {@code MLmodel} file, following MLflow 2.17's
 * {@code Model.to_dict} / {@code Model.from_dict}: keys sorted (as {@code yaml.safe_dump} does), the signature's
 * schemas as JSON strings, optional keys left out when unset.
 */
public final class MLmodelYaml {

    /** The top-level keys that {@link MLmodel} names; every other key goes to {@link MLmodel#extra()}. */
    public static final Set<String> KNOWN_KEYS = Set.of("artifact_path", "flavors", "run_id", "model_uuid",
            "utc_time_created", "model_size_bytes", "mlflow_version", "signature", "saved_input_example_info",
            "metadata", "databricks_runtime");

    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+)+.*");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .disable(YAMLGenerator.Feature.SPLIT_LINES)
                    .stringQuotingChecker(new PythonSafeQuoting())
                    .build())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private MLmodelYaml() {
    }

    /** Parses the text of an MLmodel file; {@code source} names it in error messages. */
    public static MLmodel read(String text, String source) {
        Where top = Where.in(source);
        JsonNode root = parseYaml(text, top);
        if (root == null || !root.isObject()) {
            throw top.fail("a YAML mapping of MLmodel keys (flavors, signature, ...)", root);
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        root.properties().forEach(e -> {
            if (!KNOWN_KEYS.contains(e.getKey())) {
                extra.put(e.getKey(), YAML.convertValue(e.getValue(), Object.class));
            }
        });
        return new MLmodel(
                Fields.optionalScalar(root, "artifact_path", top),
                Flavors.read(root.get("flavors"), top.at("flavors")),
                Fields.optionalScalar(root, "run_id", top),
                Fields.optionalScalar(root, "model_uuid", top),
                Fields.optionalScalar(root, "utc_time_created", top),
                sizeBytes(root.get("model_size_bytes"), top.at("model_size_bytes")),
                mlflowVersion(root, top),
                signature(root.get("signature"), top.at("signature")),
                inputExample(root.get("saved_input_example_info"), top.at("saved_input_example_info")),
                optionalMap(root.get("metadata"), top.at("metadata")),
                Fields.optionalScalar(root, "databricks_runtime", top),
                extra);
    }

    /** The YAML text MLflow 2.17 would write for this model. */
    public static String write(MLmodel model) {
        Map<String, Object> out = new LinkedHashMap<>(model.extra());
        putIfSet(out, "artifact_path", model.artifactPath());
        putIfSet(out, "databricks_runtime", model.databricksRuntime());
        out.put("flavors", model.flavors());
        putIfSet(out, "metadata", model.metadata());
        putIfSet(out, "mlflow_version", model.mlflowVersion());
        putIfSet(out, "model_size_bytes", model.modelSizeBytes());
        out.put("model_uuid", model.modelUuid());
        putIfSet(out, "run_id", model.runId());
        if (model.savedInputExampleInfo() != null) {
            out.put("saved_input_example_info", toMap(model.savedInputExampleInfo()));
        }
        if (model.signature() != null) {
            out.put("signature", toMap(model.signature()));
        }
        putIfSet(out, "utc_time_created", model.utcTimeCreated());
        try {
            return YAML.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parseYaml(String text, Where where) {
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw where.fail("valid YAML", "a syntax error (" + e.getOriginalMessage() + ")");
        }
    }

    private static Long sizeBytes(JsonNode node, Where where) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw where.fail("a non-negative integer", node);
        }
        return node.longValue();
    }

    private static String mlflowVersion(JsonNode root, Where top) {
        String version = Fields.optionalScalar(root, "mlflow_version", top);
        if (version != null && !VERSION.matcher(version).matches()) {
            throw top.at("mlflow_version").fail("a version such as 2.17.2", root.get("mlflow_version"));
        }
        return version;
    }

    private static ModelSignature signature(JsonNode node, Where where) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw where.fail("a mapping with 'inputs', 'outputs' and 'params'", node);
        }
        Fields.allowOnly(node, where, "inputs", "outputs", "params");
        String inputs = jsonString(node, "inputs", where);
        String outputs = jsonString(node, "outputs", where);
        String params = jsonString(node, "params", where);
        if (inputs == null && outputs == null && params == null) {
            throw where.fail("at least one of 'inputs', 'outputs' and 'params'", "none");
        }
        return new ModelSignature(
                inputs == null ? null : SchemaJson.readSchema(inputs, where.at("inputs")),
                outputs == null ? null : SchemaJson.readSchema(outputs, where.at("outputs")),
                params == null ? null : SchemaJson.readParams(params, where.at("params")));
    }

    /** A signature part: a JSON string, or absent / null / empty (MLflow treats all three as unset). */
    private static String jsonString(JsonNode signature, String key, Where where) {
        JsonNode node = signature.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw where.at(key).fail("a JSON string (MLflow writes the schema as JSON inside the YAML)", node);
        }
        return node.textValue().isEmpty() ? null : node.textValue();
    }

    private static SavedInputExampleInfo inputExample(JsonNode node, Where where) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw where.fail("a mapping with 'artifact_path' and 'type'", node);
        }
        Map<String, Object> other = YAML.convertValue(node, MAP);
        Set.of("artifact_path", "type", "pandas_orient", "serving_input_path").forEach(other::remove);
        return new SavedInputExampleInfo(Fields.text(node, "artifact_path", where), Fields.text(node, "type", where),
                Fields.optionalText(node, "pandas_orient", where), Fields.optionalText(node, "serving_input_path", where),
                other);
    }

    private static Map<String, Object> optionalMap(JsonNode node, Where where) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw where.fail("a mapping", node);
        }
        return YAML.convertValue(node, MAP);
    }

    private static Map<String, Object> toMap(ModelSignature signature) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("inputs", signature.inputs() == null ? null : SchemaJson.write(signature.inputs()));
        out.put("outputs", signature.outputs() == null ? null : SchemaJson.write(signature.outputs()));
        out.put("params", signature.params() == null ? null : SchemaJson.write(signature.params()));
        return out;
    }

    private static Map<String, Object> toMap(SavedInputExampleInfo info) {
        Map<String, Object> out = new LinkedHashMap<>(info.other());
        out.put("artifact_path", info.artifactPath());
        putIfSet(out, "pandas_orient", info.pandasOrient());
        putIfSet(out, "serving_input_path", info.servingInputPath());
        out.put("type", info.type());
        return out;
    }

    private static void putIfSet(Map<String, Object> out, String key, Object value) {
        if (value != null) {
            out.put(key, value);
        }
    }

    /** The flavors section: flavor name to a mapping kept verbatim. */
    static final class Flavors {

        private Flavors() {
        }

        static Map<String, Map<String, Object>> read(JsonNode node, Where where) {
            Map<String, Map<String, Object>> flavors = new LinkedHashMap<>();
            if (node == null || node.isNull()) {
                return flavors;
            }
            if (!node.isObject()) {
                throw where.fail("a mapping of flavor name to its configuration", node);
            }
            node.properties().forEach(e -> {
                if (!e.getValue().isObject()) {
                    throw where.at(e.getKey()).fail("a mapping (the flavor's configuration)", e.getValue());
                }
                flavors.put(e.getKey(), YAML.convertValue(e.getValue(), MAP));
            });
            return flavors;
        }
    }

    /**
     * Quotes, besides what YAML requires, strings that PyYAML's {@code safe_load} would read as another type
     * (timestamps, numbers with underscores, {@code yes}/{@code no}, ...), so that MLflow reads them back as
     * strings.
     */
    static final class PythonSafeQuoting extends StringQuotingChecker.Default {
        private static final long serialVersionUID = 1L;
        private static final Pattern PYYAML_IMPLICIT = Pattern.compile(String.join("|",
                "\\d{4}-\\d\\d?-\\d\\d?([Tt ].*)?",                       // timestamp
                "[-+]?[0-9][0-9_]*",                                      // int
                "[-+]?0(b[01_]+|x[0-9a-fA-F_]+|[0-7_]+)",                 // binary, hex, octal int
                "[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+]?[0-9]+)?",     // float
                "[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?",        // base 60
                "[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)",
                "~|=|<<|[yYnN]|[oO][nN]|[oO][fF][fF]|yes|Yes|YES|no|No|NO"));

        @Override
        public boolean needToQuoteValue(String value) {
            return super.needToQuoteValue(value) || PYYAML_IMPLICIT.matcher(value).matches();
        }
    }
}
