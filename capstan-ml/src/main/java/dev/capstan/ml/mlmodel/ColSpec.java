package dev.capstan.ml.mlmodel;

import java.util.Objects;

/**
 * A column of a column-based signature ({@code mlflow.types.ColSpec}).
 *
 * @param type     scalar or composite column type
 * @param name     column name, or {@code null} when the schema is positional
 * @param required whether the column must be present in the input (MLflow's default: {@code true})
 */
public record ColSpec(ColumnType type, String name, boolean required) implements InputSpec {

    public ColSpec {
        Objects.requireNonNull(type, "type");
    }

    /** A required named column. */
    public static ColSpec of(String name, ColumnType type) {
        return new ColSpec(type, name, true);
    }
}
