package dev.capstan.ml;

import dev.capstan.CapstanException;

import java.lang.reflect.Array;
import java.util.List;
import java.util.Objects;

/**
 * An n-dimensional array in row-major order, as tensor-based model signatures describe it.
 *
 * <p>{@code dtype} is a NumPy dtype name ({@code float32}, {@code int64}, {@code bool}, {@code str}, ...), because
 * that is what MLmodel signatures record. {@code data} is a flat Java array whose element type matches it:
 * {@code float[]} for float32, {@code double[]} for float64, {@code int[]} for int32, {@code long[]} for int64,
 * {@code short[]} for int16, {@code byte[]} for int8 / uint8, {@code boolean[]} for bool, {@code String[]} for str,
 * {@code Object[]} for object.
 *
 * @param dtype NumPy dtype name
 * @param shape dimensions; their product is the length of {@code data}
 * @param data  the flat array (not copied)
 */
public record Tensor(String dtype, List<Long> shape, Object data) {

    public Tensor {
        Objects.requireNonNull(dtype, "dtype");
        shape = List.copyOf(shape);
        if (data == null || !data.getClass().isArray()) {
            throw CapstanException.invalid("Tensor data must be an array, found %s", data);
        }
        long size = shape.stream().mapToLong(Long::longValue).reduce(1L, Math::multiplyExact);
        if (shape.stream().anyMatch(d -> d < 0) || size != Array.getLength(data)) {
            throw CapstanException.invalid("Tensor of shape %s needs %d elements, found %d",
                    shape, size, Array.getLength(data));
        }
    }
}
