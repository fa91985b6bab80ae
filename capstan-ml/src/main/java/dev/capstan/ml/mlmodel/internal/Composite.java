package dev.capstan.ml.mlmodel.internal;

import dev.capstan.ml.mlmodel.ColumnType;
import dev.capstan.ml.mlmodel.DataType;
import dev.capstan.ml.mlmodel.SignatureEnforcer.Coercion;
import dev.capstan.ml.mlmodel.internal.ColumnConverter.Cell;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts values of MLflow's composite column types (array, object, map, sparkml_vector) as
 * {@code _enforce_array} / {@code _enforce_object} / {@code _enforce_map} do; their elements must not be missing.
 */
final class Composite {

    private Composite() {
    }

    static Object convert(Cell cell, Object value, ColumnType type, boolean required, Coercion coercion) {
        if (value == null) {
            if (required) {
                throw cell.fail(type.describe(), null, "the value is required");
            }
            return null;
        }
        if (type instanceof DataType scalar) {
            if (Kinds.isMissing(value)) {
                throw cell.fail(scalar.wireName(), value, "elements of composite values cannot be missing");
            }
            return Scalars.convert(cell, value, scalar, coercion);
        }
        if (type instanceof ColumnType.ArrayType a) {
            return list(cell, value, a.items(), coercion);
        }
        if (type instanceof ColumnType.SparkMLVectorType) {
            return list(cell, value, DataType.DOUBLE, coercion);
        }
        if (type instanceof ColumnType.MapType m) {
            return map(cell, value, m, coercion);
        }
        return object(cell, value, (ColumnType.ObjectType) type, coercion);
    }

    private static List<Object> list(Cell cell, Object value, ColumnType items, Coercion coercion) {
        List<?> in = asList(cell, value, items);
        List<Object> out = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
            out.add(convert(cell.inside("[" + i + "]"), in.get(i), items, true, coercion));
        }
        return Collections.unmodifiableList(out);
    }

    private static List<?> asList(Cell cell, Object value, ColumnType items) {
        if (value instanceof List<?> l) {
            return l;
        }
        if (value.getClass().isArray() && !(value instanceof byte[])) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                out.add(Array.get(value, i));
            }
            return out;
        }
        throw cell.fail("array<" + items.describe() + ">", value, "");
    }

    private static Map<String, Object> map(Cell cell, Object value, ColumnType.MapType type, Coercion coercion) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : asMap(cell, value, type).entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw cell.fail(type.describe(), value, "keys must be strings, found " + Kinds.describe(e.getKey()));
            }
            out.put(key, convert(cell.inside("['" + key + "']"), e.getValue(), type.values(), true, coercion));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, Object> object(Cell cell, Object value, ColumnType.ObjectType type, Coercion coercion) {
        Map<?, ?> in = asMap(cell, value, type);
        Map<String, Object> out = new LinkedHashMap<>();
        for (ColumnType.Property p : type.properties()) {
            Cell at = cell.inside("." + p.name());
            if (!in.containsKey(p.name())) {
                if (p.required()) {
                    throw at.fail(p.type().describe(), null, "the property is required");
                }
                continue;
            }
            out.put(p.name(), convert(at, in.get(p.name()), p.type(), p.required(), coercion));
        }
        in.keySet().stream().filter(k -> !out.containsKey(k) && type.properties().stream()
                .noneMatch(p -> p.name().equals(k))).findFirst().ifPresent(k -> {
            throw cell.fail("only the properties " + type.properties().stream().map(ColumnType.Property::name).toList(),
                    value, "unknown property '" + k + "'");
        });
        return Collections.unmodifiableMap(out);
    }

    private static Map<?, ?> asMap(Cell cell, Object value, ColumnType type) {
        if (value instanceof Map<?, ?> m) {
            return m;
        }
        throw cell.fail(type.describe(), value, "");
    }
}
