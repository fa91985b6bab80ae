package dev.capstan.ml.onnx.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import dev.capstan.CapstanException;
import dev.capstan.ml.mlmodel.TensorSpec;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One input of an ONNX graph, as Capstan feeds it: a tensor whose first dimension is the batch.
 *
 * @param name            the ONNX input name
 * @param type            the element type
 * @param shape           the ONNX shape, {@code -1} for a dynamic dimension
 * @param featuresPerRow  elements per row (product of the non-batch dimensions), or {@code -1} when only the data
 *                        can tell
 */
record OnnxInput(String name, OnnxJavaType type, long[] shape, int featuresPerRow) {

    private static final Set<OnnxJavaType> SUPPORTED =
            EnumSet.of(OnnxJavaType.FLOAT, OnnxJavaType.DOUBLE, OnnxJavaType.INT64, OnnxJavaType.INT32);

    /** The input described by ONNX Runtime, completed by the signature's tensor spec ({@code null} if none). */
    static OnnxInput of(NodeInfo node, TensorSpec spec) {
        if (!(node.getInfo() instanceof TensorInfo info) || !SUPPORTED.contains(info.type) || info.isScalar()) {
            throw CapstanException.invalid("ONNX model input '%s' is %s; Capstan feeds tensors of rank >= 1 of "
                    + "float32, float64, int64 or int32", node.getName(), node.getInfo());
        }
        long[] shape = info.getShape();
        int features = featuresPerRow(shape);
        if (features < 0 && spec != null) {
            features = featuresPerRow(spec.shape().stream().mapToLong(Long::longValue).toArray());
        }
        return new OnnxInput(node.getName(), info.type, shape, features);
    }

    /** The NumPy-style name of the element type, for messages. */
    String dtype() {
        return switch (type) {
            case FLOAT -> "float32";
            case DOUBLE -> "float64";
            case INT64 -> "int64";
            default -> "int32";
        };
    }

    /** The shape of a {@code rows}-row tensor with {@code features} elements per row. */
    long[] shapeFor(int rows, int features) {
        long[] dims = shape.clone();
        dims[0] = rows;
        if (dims.length == 2) {
            dims[1] = features;
        } else if (Arrays.stream(dims).anyMatch(d -> d < 0)) {
            throw CapstanException.invalid("ONNX model input '%s' has shape %s: Capstan can only infer the size of "
                    + "the batch dimension and of the second dimension of a rank-2 input", name,
                    Arrays.toString(shape));
        }
        return dims;
    }

    /** {@code shape} as ONNX Runtime takes it, if it has the input's rank and fixed dimensions; fails otherwise. */
    long[] check(List<Long> shape) {
        long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
        boolean fits = dims.length == this.shape.length;
        for (int i = 0; fits && i < dims.length; i++) {
            fits = this.shape[i] < 0 || this.shape[i] == dims[i];
        }
        if (!fits) {
            throw CapstanException.invalid("ONNX model input '%s' has shape %s (-1 = any size), found a tensor of shape "
                    + "%s", name, Arrays.toString(this.shape), shape);
        }
        return dims;
    }

    private static int featuresPerRow(long[] shape) {
        long product = 1;
        for (int i = 1; i < shape.length; i++) {
            if (shape[i] < 0) {
                return -1;
            }
            product *= shape[i];
        }
        return Math.toIntExact(product);
    }
}
