package dev.capstan.ml.mlmodel;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * MLflow's scalar column types ({@code mlflow.types.DataType}), written in signatures by their lower-case name.
 */
public enum DataType implements ColumnType {
    /** Logical values. */
    BOOLEAN,
    /** 32-bit signed integers. */
    INTEGER,
    /** 64-bit signed integers. */
    LONG,
    /** 32-bit floating point. */
    FLOAT,
    /** 64-bit floating point. */
    DOUBLE,
    /** Text. */
    STRING,
    /** Raw bytes (base64 in JSON). */
    BINARY,
    /** Timestamps without a time zone (NumPy {@code datetime64[ns]}). */
    DATETIME;

    /** The name MLflow writes: {@code "double"}, {@code "long"}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type with this MLflow name; names are case-sensitive, as in MLflow. */
    public static Optional<DataType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
    }

    /** Every MLflow name, in declaration order, for error messages. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(DataType::wireName).toList();
    }

    @Override
    public String describe() {
        return wireName();
    }
}
