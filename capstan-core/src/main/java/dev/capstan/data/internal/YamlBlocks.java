package dev.capstan.data.internal;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Nested maps, lists and scalars in the block style that ruamel.yaml (DVC's writer) uses for {@code dvc.lock}:
 * two-space mappings, list items at their key's indentation, {@code null} as an empty value, floats as Python's
 * {@code repr} writes them. Checked against ruamel.yaml in {@code YamlBlocksTest}.
 */
public final class YamlBlocks {

    private YamlBlocks() {
    }

    /** The document for a top-level mapping, ending with a newline. */
    public static String document(Map<String, ?> root) {
        StringBuilder out = new StringBuilder();
        mapping(out, root, 0, false, false);
        return out.toString();
    }

    /**
     * The document with collections of scalars in flow style ({@code between: {min: 0, max: 9}},
     * {@code in_set: [a, b]}): shorter for files that people edit.
     */
    public static String documentWithFlowLeaves(Map<String, ?> root) {
        StringBuilder out = new StringBuilder();
        mapping(out, root, 0, false, true);
        return out.toString();
    }

    private static void mapping(StringBuilder out, Map<String, ?> map, int indent, boolean continuesLine,
                                boolean flow) {
        boolean first = true;
        for (Map.Entry<String, ?> e : map.entrySet()) {
            if (!(first && continuesLine)) {
                out.append(" ".repeat(indent));
            }
            first = false;
            out.append(YamlScalars.scalar(e.getKey())).append(':');
            value(out, e.getValue(), indent, flow);
        }
    }

    /** A mapping value after {@code key:}, for a key at {@code indent}. */
    private static void value(StringBuilder out, Object value, int indent, boolean flow) {
        if (flow && isFlowLeaf(value)) {
            out.append(' ').append(flow(value)).append('\n');
        } else if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            out.append('\n');
            mapping(out, cast(map), indent + 2, false, flow);
        } else if (value instanceof List<?> list && !list.isEmpty()) {
            out.append('\n');
            sequence(out, list, indent, flow);
        } else if (value == null) {
            out.append('\n');
        } else {
            out.append(' ').append(scalar(value)).append('\n');
        }
    }

    private static void sequence(StringBuilder out, List<?> list, int indent, boolean flow) {
        for (Object item : list) {
            out.append(" ".repeat(indent)).append("- ");
            item(out, item, indent + 2, flow);
        }
    }

    /** A list item after {@code - }, whose content is indented to {@code indent}. */
    private static void item(StringBuilder out, Object item, int indent, boolean flow) {
        if (flow && item instanceof List<?> && isFlowLeaf(item)) {
            out.append(flow(item)).append('\n');
        } else if (item instanceof Map<?, ?> map && !map.isEmpty()) {
            mapping(out, cast(map), indent, true, flow);
        } else if (item instanceof List<?> list && !list.isEmpty()) {
            out.append("- ");
            item(out, list.get(0), indent + 2, flow);
            sequence(out, list.subList(1, list.size()), indent, flow);
        } else {
            out.append(item == null ? "" : scalar(item)).append('\n');
        }
    }

    /** Whether a value is a non-empty collection of scalars, or a list of such lists. */
    private static boolean isFlowLeaf(Object value) {
        if (value instanceof Map<?, ?> map) {
            return !map.isEmpty() && map.values().stream().allMatch(v -> !(v instanceof Map || v instanceof List));
        }
        return value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(v -> !(v instanceof Map)
                && (!(v instanceof List) || isFlowLeaf(v)));
    }

    private static String flow(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            map.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append(YamlScalars.scalar(String.valueOf(k)))
                    .append(": ").append(v == null ? "null" : flowScalar(v)));
            return out.append('}').toString();
        }
        StringBuilder out = new StringBuilder("[");
        for (Object item : (List<?>) value) {
            out.append(out.length() > 1 ? ", " : "").append(item instanceof List ? flow(item)
                    : item == null ? "null" : flowScalar(item));
        }
        return out.append(']').toString();
    }

    /** A scalar inside a flow collection, quoted when it holds a flow indicator. */
    private static String flowScalar(Object value) {
        String text = scalar(value);
        boolean plain = !(value instanceof String) || text.startsWith("'") || text.startsWith("\"")
                || text.chars().noneMatch(c -> ",[]{}#".indexOf(c) >= 0);
        return plain ? text : "'" + text.replace("'", "''") + "'";
    }

    /** A scalar, or an empty collection in flow style. */
    public static String scalar(Object value) {
        if (value instanceof Map<?, ?>) {
            return "{}";
        }
        if (value instanceof List<?>) {
            return "[]";
        }
        if (value instanceof Double || value instanceof Float) {
            return pythonFloat(((Number) value).doubleValue());
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return YamlScalars.scalar(value.toString());
    }

    /**
     * A float as Python's {@code repr}: the shortest digits that read back, in fixed notation when the decimal
     * point falls within 16 digits of the first ({@code 0.0001}, {@code 100.0}), else {@code 1e-05}, {@code 1e+16}.
     */
    public static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal value = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int pointAt = value.precision() - value.scale();
        if (pointAt > -4 && pointAt <= 16) {
            String plain = value.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = value.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        int exponent = pointAt - 1;
        return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + String.format("%02d", Math.abs(exponent));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }
}
