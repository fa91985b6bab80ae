package dev.capstan.pipeline;

import java.util.List;
import java.util.Map;

/**
 * Looks up a dotted key in nested maps and lists as DVC does: {@code a.b.c}; list items by index, written
 * {@code a.0} (params dependencies) or {@code a[0]} (interpolation), negative ones counting from the end as in
 * Python. Blanks around a part are ignored, as in {@code ${ a.b }}.
 */
final class KeyPath {

    /** What {@link #get} returns for a key that is not there (a present key may hold null). */
    static final Object MISSING = new Object();

    private KeyPath() {
    }

    static Object get(Object root, String key) {
        Object node = root;
        for (String part : key.replace("[", ".").replace("]", "").split("\\.", -1)) {
            node = child(node, part.strip());
            if (node == MISSING) {
                return MISSING;
            }
        }
        return node;
    }

    private static Object child(Object node, String part) {
        if (node instanceof Map<?, ?> map) {
            return map.containsKey(part) ? map.get(part) : MISSING;
        }
        if (node instanceof List<?> list) {
            try {
                int index = Integer.parseInt(part);
                int at = index < 0 ? list.size() + index : index;
                return at >= 0 && at < list.size() ? list.get(at) : MISSING;
            } catch (NumberFormatException e) {
                return MISSING;
            }
        }
        return MISSING;
    }
}
