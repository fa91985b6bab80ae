package dev.capstan.server.serving.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;
import dev.capstan.ml.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tensors from JSON: nested lists (MLflow's {@code instances} / {@code inputs}) or flat data with a shape (the Open
 * Inference Protocol), converted to a NumPy dtype with errors that name the input, the element and the value. A
 * JSON {@code null} or the tokens {@code NaN}, {@code Infinity}, {@code -Infinity} (bare or quoted) are accepted in
 * floating-point tensors only.
 */
public final class TensorJson {

    /** Open Inference Protocol datatypes and the NumPy dtypes that hold them. */
    public static final Map<String, String> NUMPY_BY_DATATYPE = Map.of("BOOL", "bool", "INT8", "int8", "UINT8",
            "uint8", "INT16", "int16", "INT32", "int32", "INT64", "int64", "FP32", "float32", "FP64", "float64",
            "BYTES", "str");

    private TensorJson() {
    }

    /** A tensor of {@code dtype} from nested lists (a scalar is a 0-d tensor); {@code what} names it in errors. */
    public static Tensor nested(JsonNode value, String dtype, String what) {
        List<Long> shape = new ArrayList<>();
        for (JsonNode n = value; n.isArray(); n = n.size() == 0 ? null : n.get(0)) {
            shape.add((long) n.size());
            if (n.size() == 0) {
                break;
            }
        }
        List<JsonNode> flat = new ArrayList<>();
        flatten(value, shape, 0, flat, what);
        return new Tensor(dtype, shape, values(flat, dtype, what));
    }

    /** A tensor of {@code dtype} and {@code shape} from {@code data}, flat or nested in row-major order. */
    public static Tensor shaped(JsonNode data, List<Long> shape, String dtype, String what) {
        List<JsonNode> flat = new ArrayList<>();
        collect(data, flat);
        long size = shape.stream().mapToLong(Long::longValue).reduce(1L, Math::multiplyExact);
        if (flat.size() != size) {
            throw CapstanException.invalid("%s: shape %s needs %d values, found %d", what, shape, size, flat.size());
        }
        return new Tensor(dtype, shape, values(flat, dtype, what));
    }

    /** The values in a Java array for {@code dtype} (see {@link Tensor}). */
    public static Object values(List<JsonNode> flat, String dtype, String what) {
        int n = flat.size();
        switch (dtype) {
            case "float64" -> {
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = real(flat.get(i), what, i);
                }
                return out;
            }
            case "float32" -> {
                float[] out = new float[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (float) real(flat.get(i), what, i);
                }
                return out;
            }
            case "int64" -> {
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = integer(flat.get(i), Long.MIN_VALUE, Long.MAX_VALUE, what, i);
                }
                return out;
            }
            case "int32" -> {
                int[] out = new int[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (int) integer(flat.get(i), Integer.MIN_VALUE, Integer.MAX_VALUE, what, i);
                }
                return out;
            }
            case "int16" -> {
                short[] out = new short[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (short) integer(flat.get(i), Short.MIN_VALUE, Short.MAX_VALUE, what, i);
                }
                return out;
            }
            case "int8", "uint8" -> {
                byte[] out = new byte[n];
                long min = dtype.equals("int8") ? Byte.MIN_VALUE : 0;
                long max = dtype.equals("int8") ? Byte.MAX_VALUE : 255;
                for (int i = 0; i < n; i++) {
                    out[i] = (byte) integer(flat.get(i), min, max, what, i);
                }
                return out;
            }
            case "bool" -> {
                boolean[] out = new boolean[n];
                for (int i = 0; i < n; i++) {
                    JsonNode v = flat.get(i);
                    if (!v.isBoolean()) {
                        throw mismatch(what, i, "a boolean", v);
                    }
                    out[i] = v.booleanValue();
                }
                return out;
            }
            case "str" -> {
                String[] out = new String[n];
                for (int i = 0; i < n; i++) {
                    JsonNode v = flat.get(i);
                    if (!v.isTextual() && !v.isNull()) {
                        throw mismatch(what, i, "a string", v);
                    }
                    out[i] = v.isNull() ? null : v.textValue();
                }
                return out;
            }
            default -> throw CapstanException.invalid("%s: dtype %s cannot be read from JSON; supported: %s", what,
                    dtype, NUMPY_BY_DATATYPE.values());
        }
    }

    private static void flatten(JsonNode node, List<Long> shape, int depth, List<JsonNode> out, String what) {
        if (depth == shape.size()) {
            if (node.isArray()) {
                throw CapstanException.invalid("%s: ragged nested lists, expected a value at depth %d, found a list",
                        what, depth);
            }
            out.add(node);
            return;
        }
        if (!node.isArray() || node.size() != shape.get(depth)) {
            throw CapstanException.invalid("%s: ragged nested lists, expected %d values at depth %d, found %s", what,
                    shape.get(depth), depth, node.isArray() ? node.size() + " values" : node.toString());
        }
        for (JsonNode child : node) {
            flatten(child, shape, depth + 1, out, what);
        }
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isArray()) {
            node.forEach(child -> collect(child, out));
        } else {
            out.add(node);
        }
    }

    private static double real(JsonNode v, String what, int i) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isNull()) {
            return Double.NaN;
        }
        if (v.isTextual()) {
            switch (v.textValue()) {
                case "NaN", "nan" -> {
                    return Double.NaN;
                }
                case "Infinity", "inf" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Infinity", "-inf" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> { }
            }
        }
        throw mismatch(what, i, "a number", v);
    }

    private static long integer(JsonNode v, long min, long max, String what, int i) {
        boolean integral = v.isIntegralNumber() || v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue());
        if (!integral || v.isBigInteger() && !v.canConvertToLong()) {
            throw mismatch(what, i, "an integer", v);
        }
        long value = v.longValue();
        if (value < min || value > max) {
            throw mismatch(what, i, "an integer in [" + min + ", " + max + "]", v);
        }
        return value;
    }

    private static CapstanException mismatch(String what, int index, String expected, JsonNode found) {
        return CapstanException.invalid("%s, element %d: expected %s, found %s", what, index, expected,
                found.isNull() ? "null" : found.toString());
    }
}
