package dev.capstan.ml.mlmodel;

import java.util.List;
import java.util.Objects;

/**
 * An inference parameter of a signature ({@code mlflow.types.ParamSpec}).
 *
 * @param name         parameter name
 * @param type         scalar type (never {@link DataType#BINARY})
 * @param defaultValue default as parsed from JSON (number, string, boolean, list or {@code null})
 * @param shape        {@code null} for a scalar, {@code [-1]} for a one-dimensional list
 */
public record ParamSpec(String name, DataType type, Object defaultValue, List<Long> shape) {

    public ParamSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        shape = shape == null ? null : List.copyOf(shape);
    }
}
