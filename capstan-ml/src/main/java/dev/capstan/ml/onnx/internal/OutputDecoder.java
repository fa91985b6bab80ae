package dev.capstan.ml.onnx.internal;

import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies ONNX Runtime outputs into plain Java values, so no native memory outlives a call: a tensor becomes a
 * Java array of its element type and rank ({@code float[][]} for {@code [rows, 3]} float32), a sequence an
 * {@code Object[]} of its converted elements (e.g. the {@code Map}s of scikit-learn's ZipMap), a map a {@code Map}.
 */
final class OutputDecoder {

    private OutputDecoder() {
    }

    /** Every output of {@code result} by name, in the model's output order. */
    static Map<String, Object> decode(OrtSession.Result result) throws OrtException {
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, OnnxValue> output : result) {
            outputs.put(output.getKey(), javaValue(output.getValue()));
        }
        return outputs;
    }

    private static Object javaValue(OnnxValue value) throws OrtException {
        if (value instanceof OnnxSequence sequence) {
            List<? extends OnnxValue> elements = sequence.getValue();
            try {
                Object[] out = new Object[elements.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = javaValue(elements.get(i));
                }
                return out;
            } finally {
                OnnxValue.close(elements);
            }
        }
        if (value instanceof OnnxMap map) {
            return Map.copyOf(map.getValue());
        }
        return value.getValue();
    }
}
