package dev.capstan.ml.mlmodel.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep, unmodifiable copies of YAML/JSON-like values that keep key order and {@code null} values (which
 * {@link Map#copyOf} refuses), so that verbatim sections of an MLmodel file survive a round trip.
 */
public final class FrozenMaps {

    private FrozenMaps() {
    }

    /** A deep unmodifiable copy of a string-keyed map. */
    public static <V> Map<String, V> copy(Map<String, V> map) {
        Map<String, V> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, freeze(v)));
        return Collections.unmodifiableMap(out);
    }

    @SuppressWarnings("unchecked")
    private static <V> V freeze(V value) {
        if (value instanceof Map<?, ?> m) {
            return (V) copy((Map<String, Object>) m);
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(e -> out.add(freeze(e)));
            return (V) Collections.unmodifiableList(out);
        }
        return value;
    }
}
