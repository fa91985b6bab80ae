package dev.capstan.ml.mlmodel.internal;

import dev.capstan.CapstanException;
import dev.capstan.ml.Tensor;
import dev.capstan.ml.mlmodel.TensorSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks tensors against tensor specs as MLflow's {@code _enforce_tensor_spec} does: exact dtype, shape. */
public final class TensorChecker {

    private TensorChecker() {
    }

    /** The tensors that the specs name, in spec order; the single unnamed spec takes the single tensor given. */
    public static Map<String, Tensor> check(List<TensorSpec> specs, Map<String, Tensor> tensors) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        if (specs.get(0).name() == null) {
            if (tensors.size() != 1) {
                throw CapstanException.invalid("The model signature has one unnamed tensor, found %d tensors %s",
                        tensors.size(), tensors.keySet());
            }
            Map.Entry<String, Tensor> only = tensors.entrySet().iterator().next();
            out.put(only.getKey(), check(specs.get(0), "the input tensor", only.getValue()));
            return out;
        }
        for (TensorSpec spec : specs) {
            Tensor tensor = tensors.get(spec.name());
            if (tensor == null) {
                throw CapstanException.invalid(
                        "Tensor '%s' is required by the model signature (%s %s) but missing; found tensors %s",
                        spec.name(), spec.dtype(), spec.shape(), tensors.keySet());
            }
            out.put(spec.name(), check(spec, "tensor '" + spec.name() + "'", tensor));
        }
        return out;
    }

    private static Tensor check(TensorSpec spec, String what, Tensor tensor) {
        if (spec.dtype().equals("object") && spec.shape().equals(List.of(-1L))) {
            return tensor;  // MLflow's spec for ragged input: anything goes
        }
        if (!shapeMatches(spec.shape(), tensor.shape())) {
            throw CapstanException.invalid("Shape of %s: expected %s (-1 = any size), found %s",
                    what, spec.shape(), tensor.shape());
        }
        if (!spec.dtype().equals(tensor.dtype())) {
            throw CapstanException.invalid("dtype of %s: expected %s, found %s", what, spec.dtype(), tensor.dtype());
        }
        return tensor;
    }

    static boolean shapeMatches(List<Long> expected, List<Long> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i) != -1 && !expected.get(i).equals(actual.get(i))) {
                return false;
            }
        }
        return true;
    }
}
