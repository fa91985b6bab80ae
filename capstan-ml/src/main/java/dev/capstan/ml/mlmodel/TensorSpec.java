package dev.capstan.ml.mlmodel;

import java.util.List;
import java.util.Objects;

/**
 * A tensor of a tensor-based signature ({@code mlflow.types.TensorSpec}).
 *
 * @param dtype NumPy dtype name as MLflow writes it ({@code float32}, {@code int64}, {@code str}, ...)
 * @param shape dimensions; {@code -1} means any size
 * @param name  tensor name, or {@code null} for the single unnamed tensor
 */
public record TensorSpec(String dtype, List<Long> shape, String name) implements InputSpec {

    public TensorSpec {
        Objects.requireNonNull(dtype, "dtype");
        shape = List.copyOf(shape);
    }

    /** Tensors are always required. */
    @Override
    public boolean required() {
        return true;
    }
}
