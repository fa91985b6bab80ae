package dev.capstan.ml.mlmodel;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The type of a column in a column-based signature: a scalar {@link DataType} or one of MLflow's composite types
 * ({@code array}, {@code object}, {@code map}, {@code sparkml_vector}).
 */
public sealed interface ColumnType
        permits DataType, ColumnType.ArrayType, ColumnType.ObjectType, ColumnType.MapType,
        ColumnType.SparkMLVectorType {

    /** A short human-readable form for messages, e.g. {@code array<double>}. */
    String describe();

    /** A list of values of one type ({@code {"type": "array", "items": {...}}}). */
    record ArrayType(ColumnType items) implements ColumnType {
        public ArrayType {
            Objects.requireNonNull(items, "items");
        }

        @Override
        public String describe() {
            return "array<" + items.describe() + ">";
        }
    }

    /** A JSON object with named, typed properties; properties are kept sorted by name, as MLflow does. */
    record ObjectType(List<Property> properties) implements ColumnType {
        public ObjectType {
            properties = properties.stream().sorted(Comparator.comparing(Property::name)).toList();
        }

        @Override
        public String describe() {
            return "object";
        }
    }

    /** A map from string keys to values of one type ({@code {"type": "map", "values": {...}}}). */
    record MapType(ColumnType values) implements ColumnType {
        public MapType {
            Objects.requireNonNull(values, "values");
        }

        @Override
        public String describe() {
            return "map<string, " + values.describe() + ">";
        }
    }

    /** Spark ML's vector type: an array of doubles ({@code {"type": "sparkml_vector"}}). */
    record SparkMLVectorType() implements ColumnType {
        @Override
        public String describe() {
            return "sparkml_vector";
        }
    }

    /** One property of an {@link ObjectType}. */
    record Property(String name, ColumnType type, boolean required) {
        public Property {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }
}
