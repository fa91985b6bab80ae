package dev.capstan.server.serving.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;
import dev.capstan.Json;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.Tensor;
import dev.capstan.ml.mlmodel.ColSpec;
import dev.capstan.ml.mlmodel.DataType;
import dev.capstan.ml.mlmodel.MLmodel;
import dev.capstan.ml.mlmodel.ModelSignature;
import dev.capstan.ml.mlmodel.Schema;
import dev.capstan.ml.mlmodel.SignatureEnforcer;
import dev.capstan.ml.mlmodel.TensorSpec;
import dev.capstan.ml.predict.ModelScorer;
import dev.capstan.ml.predict.PredictionTables;
import dev.capstan.ml.predict.Predictions;
import dev.capstan.ml.predict.PreparedInput;
import dev.capstan.ml.predict.internal.ArrayParts;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Open Inference Protocol v2 (KServe, Triton, MLServer) over REST: an inference request's
 * {@code inputs[{name, shape, datatype, data}]} become the model's tensors, or its columns (one input per column,
 * or one {@code [rows, columns]} input in the signature's column order); predictions become
 * {@code outputs[{name, shape, datatype, data}]}.
 */
public final class V2Protocol {

    /** A parsed inference request. */
    public record Request(String id, JsonNode parameters, List<Input> inputs, List<String> outputs) {
    }

    /** One input tensor as sent: its data stays JSON until the model's signature says what it should be. */
    public record Input(String name, List<Long> shape, String datatype, JsonNode data) {

        Tensor tensor() {
            return TensorJson.shaped(data, shape, TensorJson.NUMPY_BY_DATATYPE.get(datatype), "input '" + name + "'");
        }
    }

    private static final Map<String, String> DATATYPE_BY_NUMPY = TensorJson.NUMPY_BY_DATATYPE.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
    private static final Map<DataType, String> DATATYPE_BY_COLUMN = Map.of(DataType.DOUBLE, "FP64", DataType.FLOAT,
            "FP32", DataType.LONG, "INT64", DataType.INTEGER, "INT32", DataType.BOOLEAN, "BOOL");

    private V2Protocol() {
    }

    /** Checks a request's structure: inputs with a name, a shape, a known datatype and data. */
    public static Request parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw CapstanException.invalid("Expected an inference request object with 'inputs', found %s",
                    root == null ? "an empty body" : root.getNodeType());
        }
        JsonNode inputs = root.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw CapstanException.invalid("'inputs' must be a non-empty list of {name, shape, datatype, data}");
        }
        List<Input> parsed = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            parsed.add(input(inputs.get(i), "inputs[" + i + "]"));
        }
        List<String> outputs = new ArrayList<>();
        JsonNode requested = root.path("outputs");
        for (int i = 0; i < requested.size(); i++) {
            JsonNode name = requested.get(i).get("name");
            if (name == null || !name.isTextual()) {
                throw CapstanException.invalid("outputs[%d].name must be a string", i);
            }
            outputs.add(name.textValue());
        }
        JsonNode id = root.get("id");
        return new Request(id == null || id.isNull() ? null : id.asText(), root.get("parameters"), parsed, outputs);
    }

    private static Input input(JsonNode node, String where) {
        JsonNode name = node.get("name");
        if (name == null || !name.isTextual()) {
            throw CapstanException.invalid("%s.name must be a string", where);
        }
        String what = "input '" + name.textValue() + "'";
        JsonNode datatype = node.get("datatype");
        if (datatype == null || !TensorJson.NUMPY_BY_DATATYPE.containsKey(datatype.asText())) {
            throw CapstanException.invalid("%s: datatype must be one of %s, found %s", what,
                    TensorJson.NUMPY_BY_DATATYPE.keySet().stream().sorted().toList(), datatype);
        }
        JsonNode shape = node.get("shape");
        if (shape == null || !shape.isArray()) {
            throw CapstanException.invalid("%s: shape must be a list of dimensions, found %s", what, shape);
        }
        List<Long> dims = new ArrayList<>();
        for (JsonNode d : shape) {
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.longValue() < 0) {
                throw CapstanException.invalid("%s: shape must hold non-negative integers, found %s", what, shape);
            }
            dims.add(d.longValue());
        }
        JsonNode data = node.get("data");
        if (data == null) {
            throw CapstanException.invalid("%s: 'data' is missing", what);
        }
        return new Input(name.textValue(), dims, datatype.asText(), data);
    }

    /** The request's inputs as the model takes them. */
    public static PreparedInput input(Request request, ModelScorer scorer) {
        Schema schema = scorer.inputSchema();
        if (schema == null) {
            return scorer.prepareTensors(tensors(request.inputs()));
        }
        if (schema.isTensorBased()) {
            Map<String, Tensor> tensors = tensors(request.inputs());
            if (schema.tensors().size() == 1 && tensors.size() == 1) {
                TensorSpec spec = schema.tensors().get(0);
                Tensor only = tensors.values().iterator().next();
                return scorer.prepareTensors(Map.of(spec.name() == null ? SignatureEnforcer.UNNAMED_TENSOR
                        : spec.name(), as(only, spec.dtype(), request.inputs().get(0).name())));
            }
            Map<String, Tensor> converted = new LinkedHashMap<>();
            for (TensorSpec spec : schema.tensors()) {
                Tensor t = tensors.get(spec.name());
                if (t != null) {
                    converted.put(spec.name(), as(t, spec.dtype(), spec.name()));
                }
            }
            return scorer.prepareTensors(converted);
        }
        return scorer.prepare(columns(request.inputs(), scorer.inputColumns()));
    }

    private static Map<String, Tensor> tensors(List<Input> inputs) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Input input : inputs) {
            if (tensors.put(input.name(), input.tensor()) != null) {
                throw CapstanException.invalid("Input '%s' appears twice", input.name());
            }
        }
        return tensors;
    }

    private static ColumnarBatch columns(List<Input> inputs, List<ColSpec> specs) {
        Set<String> names = specs.stream().map(ColSpec::name).collect(Collectors.toSet());
        if (inputs.stream().allMatch(i -> names.contains(i.name()))) {
            Map<String, Object> columns = new LinkedHashMap<>();
            for (Input input : inputs) {
                if (input.shape().size() > 2 || input.shape().size() == 2 && input.shape().get(1) != 1) {
                    throw CapstanException.invalid("Input '%s' is a column: expected shape [rows] or [rows, 1], "
                            + "found %s", input.name(), input.shape());
                }
                columns.put(input.name(), input.tensor().data());
            }
            return ColumnarBatch.of(columns);
        }
        if (inputs.size() == 1 && inputs.get(0).shape().size() == 2 && inputs.get(0).shape().get(1) == specs.size()) {
            return split(inputs.get(0).tensor(), specs);
        }
        throw CapstanException.invalid("Inputs %s do not match the model's %d columns (%s): send one input per column "
                        + "by name, or one input of shape [rows, %d] with the columns in this order",
                inputs.stream().map(i -> i.name() + i.shape()).toList(), specs.size(),
                specs.stream().map(ColSpec::name).collect(Collectors.joining(", ")), specs.size());
    }

    /** A row-major {@code [rows, columns]} tensor cut into one array per column. */
    private static ColumnarBatch split(Tensor tensor, List<ColSpec> specs) {
        int rows = Math.toIntExact(tensor.shape().get(0));
        int width = specs.size();
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int c = 0; c < width; c++) {
            Object column = Array.newInstance(tensor.data().getClass().getComponentType(), rows);
            for (int r = 0; r < rows; r++) {
                Array.set(column, r, Array.get(tensor.data(), r * width + c));
            }
            columns.put(specs.get(c).name(), column);
        }
        return new ColumnarBatch(columns, rows);
    }

    /** The tensor in the model's dtype: numbers convert to other numbers, text and booleans do not. */
    private static Tensor as(Tensor tensor, String dtype, String name) {
        if (tensor.dtype().equals(dtype)) {
            return tensor;
        }
        boolean numeric = !Set.of("str", "bool").contains(tensor.dtype());
        if (!numeric || Set.of("str", "bool", "object").contains(dtype)) {
            throw CapstanException.invalid("Input '%s': the model takes %s, found %s", name, dtype, tensor.dtype());
        }
        int n = Array.getLength(tensor.data());
        List<JsonNode> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(Json.MAPPER.getNodeFactory().numberNode(
                    ((Number) Array.get(tensor.data(), i)).doubleValue()));
        }
        return new Tensor(dtype, tensor.shape(), TensorJson.values(values, dtype, "input '" + name + "'"));
    }

    /** The inference response: outputs in order (or those requested), with the model's name and version. */
    public static Map<String, Object> response(String model, String version, Request request,
                                               Predictions predictions) {
        Map<String, Object> all = PredictionTables.orderedOutputs(predictions);
        List<String> names = request.outputs().isEmpty() ? List.copyOf(all.keySet()) : request.outputs();
        List<Object> outputs = new ArrayList<>();
        for (String name : names) {
            if (!all.containsKey(name)) {
                throw CapstanException.invalid("Requested output '%s' does not exist; the model's outputs are %s",
                        name, all.keySet());
            }
            outputs.add(output(name, all.get(name), predictions.rowCount()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_name", model);
        body.put("model_version", version);
        if (request.id() != null) {
            body.put("id", request.id());
        }
        if (request.parameters() != null) {
            body.put("parameters", request.parameters());
        }
        body.put("outputs", outputs);
        return body;
    }

    /** Model metadata: name, versions, platform (the flavor) and the signature's inputs and outputs as tensors. */
    public static Map<String, Object> metadata(String name, List<String> versions, MLmodel model) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("versions", versions);
        body.put("platform", model.flavors().keySet().stream().filter(f -> !f.equals(MLmodel.PYFUNC_FLAVOR))
                .findFirst().orElse(""));
        ModelSignature signature = model.signature();
        body.put("inputs", signature == null ? List.of() : specs(signature.inputs()));
        body.put("outputs", signature == null || signature.outputs() == null ? List.of() : specs(signature.outputs()));
        return body;
    }

    private static List<Map<String, Object>> specs(Schema schema) {
        List<Map<String, Object>> specs = new ArrayList<>();
        if (schema.isTensorBased()) {
            for (TensorSpec t : schema.tensors()) {
                specs.add(spec(t.name() == null ? SignatureEnforcer.UNNAMED_TENSOR : t.name(),
                        DATATYPE_BY_NUMPY.getOrDefault(t.dtype(), "BYTES"), t.shape()));
            }
        } else {
            List<ColSpec> columns = schema.columns();
            for (int i = 0; i < columns.size(); i++) {
                ColSpec c = columns.get(i);
                specs.add(spec(c.name() == null ? "output-" + i : c.name(), c.type() instanceof DataType d
                        ? DATATYPE_BY_COLUMN.getOrDefault(d, "BYTES") : "BYTES", List.of(-1L)));
            }
        }
        return specs;
    }

    private static Map<String, Object> spec(String name, String datatype, List<Long> shape) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", name);
        spec.put("datatype", datatype);
        spec.put("shape", shape);
        return spec;
    }

    private static Map<String, Object> output(String name, Object values, int rows) {
        List<Long> shape = new ArrayList<>();
        shape.add((long) Array.getLength(values));
        Object flat = values;
        Class<?> component = values.getClass().getComponentType();
        if (component.isArray() && component != byte[].class) {
            int width = rows == 0 ? 0 : Array.getLength(Array.get(values, 0));
            List<Object> parts = new ArrayList<>();
            for (int r = 0; r < Array.getLength(values); r++) {
                Object row = Array.get(values, r);
                if (Array.getLength(row) != width) {
                    throw new IllegalStateException("output " + name + " is ragged");
                }
                parts.add(row);
            }
            shape.add((long) width);
            flat = parts.isEmpty() ? Array.newInstance(component.getComponentType(), 0)
                    : ArrayParts.concat(parts, rows * width);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("datatype", datatype(flat.getClass().getComponentType()));
        out.put("shape", shape);
        out.put("data", flat.getClass().getComponentType().isPrimitive() ? flat : strings(flat));
        return out;
    }

    private static String datatype(Class<?> element) {
        if (element == double.class) {
            return "FP64";
        } else if (element == float.class) {
            return "FP32";
        } else if (element == long.class) {
            return "INT64";
        } else if (element == int.class) {
            return "INT32";
        } else if (element == short.class) {
            return "INT16";
        } else if (element == byte.class) {
            return "INT8";
        } else if (element == boolean.class) {
            return "BOOL";
        }
        return "BYTES";
    }

    private static List<String> strings(Object values) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Array.getLength(values); i++) {
            Object v = Array.get(values, i);
            out.add(v == null ? null : String.valueOf(v));
        }
        return out;
    }
}
