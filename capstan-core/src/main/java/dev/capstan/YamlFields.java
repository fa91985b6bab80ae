package dev.capstan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.capstan.pipeline.Durations;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A mapping of a YAML configuration file ({@code monitoring.yaml}, {@code retrain.yaml}), read strictly: unknown
 * fields are refused, and every error names the file, the field's path, what was expected and what was found.
 *
 * @param prefix the mapping's path with a trailing dot ({@code alerts.rules[0].}), empty at the top
 */
public record YamlFields(JsonNode node, String source, String prefix) {

    private static final YAMLMapper YAML = new YAMLMapper();

    /** The top mapping of a file's text, empty when the file is; {@code source} names the file in errors. */
    public static YamlFields parse(String text, String source, Set<String> known) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            throw CapstanException.invalid("%s is not valid YAML: %s", source, e.getMessage().lines().findFirst()
                    .orElse(""));
        }
        return of(root == null || root.isMissingNode() || root.isNull() ? YAML.createObjectNode() : root, source, "",
                known);
    }

    /** The mapping {@code node}, refused unless it is a mapping whose fields are all {@code known}. */
    public static YamlFields of(JsonNode node, String source, String prefix, Set<String> known) {
        if (!node.isObject()) {
            throw CapstanException.invalid("%s: %s: expected a mapping, found %s", source,
                    prefix.isEmpty() ? "the file" : prefix.substring(0, prefix.length() - 1), node);
        }
        List<String> extra = new ArrayList<>();
        node.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                extra.add(prefix + f);
            }
        });
        if (!extra.isEmpty()) {
            throw CapstanException.invalid("%s: unknown field(s) %s; expected %s", source, extra,
                    known.stream().map(k -> prefix + k).sorted().toList());
        }
        return new YamlFields(node, source, prefix);
    }

    /** Whether the field is present and not null. */
    public boolean has(String field) {
        return node.hasNonNull(field);
    }

    /** A nested mapping; an empty one when the field is absent. */
    public YamlFields object(String field, Set<String> known) {
        JsonNode v = node.get(field);
        return of(v == null || v.isNull() ? YAML.createObjectNode() : v, source, prefix + field + ".", known);
    }

    public CapstanException error(String field, String expected, Object found) {
        return CapstanException.invalid("%s: %s%s: expected %s, found %s", source, prefix, field, expected, found);
    }

    public String text(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw error(field, "a non-empty string", v);
        }
        return v.asText();
    }

    /** A list of non-empty strings; empty when the field is absent. */
    public List<String> texts(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(item -> texts.add(item.isTextual() && !item.asText().isBlank() ? item.asText() : null));
        }
        if (!v.isArray() || texts.contains(null)) {
            throw error(field, "a list of names", v);
        }
        return List.copyOf(texts);
    }

    public int positiveInt(String field, int fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || v.asLong() < 1 || v.asLong() > Integer.MAX_VALUE) {
            throw error(field, "a positive integer", v);
        }
        return v.asInt();
    }

    public double nonNegative(String field, double fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber() || v.asDouble() < 0) {
            throw error(field, "a non-negative number", v);
        }
        return v.asDouble();
    }

    public double fraction(String field, double fallback) {
        double v = nonNegative(field, fallback);
        if (v > 1) {
            throw error(field, "a share from 0 to 1", v);
        }
        return v;
    }

    public boolean bool(String field, boolean fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw error(field, "true or false", v);
        }
        return v.asBoolean();
    }

    /** A positive duration such as {@code 30s}, {@code 5m}, {@code 1h} or {@code 7d}. */
    public Duration duration(String field, Duration fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        return Durations.parse(v.asText()).filter(d -> !d.isZero() && !d.isNegative())
                .orElseThrow(() -> error(field, "a duration such as 30s, 5m, 1h or 7d", v));
    }
}
