package dev.capstan.server.serving.internal;

import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.Tensor;
import dev.capstan.ml.mlmodel.ColSpec;
import dev.capstan.ml.mlmodel.DataType;
import dev.capstan.ml.mlmodel.Schema;
import dev.capstan.ml.mlmodel.SignatureEnforcer;
import dev.capstan.ml.mlmodel.TensorSpec;
import dev.capstan.ml.predict.ModelScorer;
import dev.capstan.ml.predict.PreparedInput;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One row of zeros (empty strings, false) built from a model's signature, to warm the model up with. */
public final class WarmupInputs {

    private WarmupInputs() {
    }

    /** The row, checked by the model; null when the model has no signature or a type needs a real value. */
    public static PreparedInput fromSignature(ModelScorer scorer) {
        Schema schema = scorer.inputSchema();
        if (schema == null) {
            return null;
        }
        try {
            return schema.isTensorBased() ? scorer.prepareTensors(tensors(schema.tensors()))
                    : scorer.prepare(row(schema.columns()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static ColumnarBatch row(List<ColSpec> specs) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (ColSpec spec : specs) {
            if (spec.type() instanceof DataType type) {
                Object zero = zero(type);
                if (zero != null) {
                    columns.put(spec.name(), zero);
                }
            }
        }
        return new ColumnarBatch(columns, 1);
    }

    private static Object zero(DataType type) {
        return switch (type) {
            case BOOLEAN -> new boolean[1];
            case INTEGER -> new int[1];
            case LONG -> new long[1];
            case FLOAT -> new float[1];
            case DOUBLE -> new double[1];
            case STRING -> new String[] {""};
            default -> null;
        };
    }

    private static Map<String, Tensor> tensors(List<TensorSpec> specs) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (TensorSpec spec : specs) {
            List<Long> shape = spec.shape().stream().map(d -> d < 0 ? 1L : d).toList();
            int size = Math.toIntExact(shape.stream().mapToLong(Long::longValue).reduce(1L, Math::multiplyExact));
            tensors.put(spec.name() == null ? SignatureEnforcer.UNNAMED_TENSOR : spec.name(),
                    new Tensor(spec.dtype(), shape, zeros(spec.dtype(), size)));
        }
        return tensors;
    }

    private static Object zeros(String dtype, int size) {
        return switch (dtype) {
            case "float32" -> new float[size];
            case "float64" -> new double[size];
            case "int64" -> new long[size];
            case "int32" -> new int[size];
            case "int16" -> new short[size];
            case "int8", "uint8" -> new byte[size];
            case "bool" -> new boolean[size];
            default -> {
                String[] empty = new String[size];
                Arrays.fill(empty, "");
                yield empty;
            }
        };
    }
}
