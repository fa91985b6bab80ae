package dev.capstan.pipeline;

import dev.capstan.CapstanException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * DVC's {@code ${...}} interpolation. A string that is exactly one {@code ${name}} becomes the value itself, with its
 * type; in a longer string each reference is replaced by the value's text ({@link PyStr}), and {@code \${} stands
 * for a literal {@code ${}. Names are dotted keys with list indices: {@code ${models.us.epochs}},
 * {@code ${layers[0]}}. In a stage's fields a reference must name a scalar (or null), except that {@code cmd} may
 * name a mapping, which becomes command-line options; {@code foreach} and {@code matrix} may name anything.
 */
final class Interpolation {

    private static final Pattern REFERENCE = Pattern.compile("(?<!\\\\)\\$\\{(.*?)}");
    private static final Pattern NAME = Pattern.compile("[^.\\[\\]]+(\\.[^.\\[\\]]+|\\[[^.\\[\\]]+])*");

    private Interpolation() {
    }

    /** Whether a value holds a reference anywhere, keys of mappings included. */
    static boolean isInterpolated(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().anyMatch(e -> isInterpolated(e.getKey()) || isInterpolated(e.getValue()));
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(Interpolation::isInterpolated);
        }
        return value instanceof String s && REFERENCE.matcher(s).find();
    }

    /**
     * Resolves every string in a value, keys of mappings included.
     *
     * @param field the stage field the value belongs to ({@code cmd}, {@code deps}, ...), which decides what a
     *              reference may name; null for {@code foreach} and {@code matrix} data
     */
    static Object resolve(Object value, Context context, String field) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> resolved = new LinkedHashMap<>();
            map.forEach((k, v) -> resolved.put(PyStr.of(resolve(k, context, field)), resolve(v, context, field)));
            return resolved;
        }
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>(list.size());
            list.forEach(v -> resolved.add(resolve(v, context, field)));
            return resolved;
        }
        return value instanceof String s ? resolveString(s, context, field) : value;
    }

    private static Object resolveString(String text, Context context, String field) {
        List<MatchResult> references = REFERENCE.matcher(text).results().toList();
        if (references.size() == 1 && references.get(0).group().equals(text)) {
            return value(references.get(0), context, field);
        }
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (MatchResult reference : references) {
            out.append(text, at, reference.start()).append(PyStr.of(value(reference, context, field)));
            at = reference.end();
        }
        return out.append(text, at, text.length()).toString().replace("\\${", "${");
    }

    private static Object value(MatchResult reference, Context context, String field) {
        String name = reference.group(1);
        if (!NAME.matcher(name).matches()) {
            throw CapstanException.invalid("invalid reference '%s': expected a name such as ${a.b} or ${a[0]}",
                    reference.group());
        }
        Object value = context.select(name);
        boolean scalar = value == null || value instanceof String || value instanceof Number
                || value instanceof Boolean;
        if (scalar || field == null || value instanceof Map && field.equals("cmd")) {
            return value;
        }
        throw CapstanException.invalid("Cannot interpolate data of type '%s' in '%s'",
                value instanceof Map ? "dict" : "list", reference.group());
    }
}
