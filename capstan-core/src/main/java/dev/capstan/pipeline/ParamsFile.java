package dev.capstan.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.capstan.CapstanException;
import dev.capstan.Json;
import dev.capstan.data.internal.YamlTree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parameters file ({@code params.yaml}, or one named by {@code params} or {@code vars} in {@code dvc.yaml}), read
 * as DVC reads it, by extension: {@code .json} as JSON, {@code .toml} as TOML, anything else as YAML 1.2 (so
 * {@code yes} is a string). Its values are nested maps (in file order), lists and scalars ({@code String},
 * {@code Boolean}, {@code Integer}/{@code Long}/{@code BigInteger}, {@code Double}, null), all unmodifiable.
 * Keys are dotted paths: {@code train.lr}, with list indices as {@code layers.0} or {@code layers[0]}.
 *
 * @param file   where it was read from
 * @param values its top-level mapping
 */
public record ParamsFile(Path file, Map<String, Object> values) {

    @SuppressWarnings("unchecked")
    public ParamsFile {
        values = (Map<String, Object>) frozen(values);
    }

    /**
     * Reads a params file. A missing file is "does not exist"; a syntax error, or a file that is not a mapping,
     * is an invalid-input error naming the file (and the line of a syntax error). Python ({@code .py}) params
     * files are refused.
     */
    public static ParamsFile read(Path file) {
        if (Files.isDirectory(file)) {
            throw CapstanException.invalid("'%s' is a directory, expected a params file", file);
        }
        Object data = switch (extension(file)) {
            case ".json" -> readWith(Json.MAPPER, file, "JSON");
            case ".toml" -> readWith(Toml.MAPPER, file, "TOML");
            case ".py" -> throw CapstanException.invalid("'%s': Python params files are not supported; use YAML, "
                    + "JSON or TOML", file);
            default -> YamlTree.read(file).root();
        };
        if (data == null) {
            return new ParamsFile(file, Map.of());
        }
        if (!(data instanceof Map<?, ?> map)) {
            throw CapstanException.invalid("'%s': expected a mapping of parameters, found %s", file, typeName(data));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) map;
        return new ParamsFile(file, values);
    }

    /** Whether the dotted key is set (possibly to null). */
    public boolean contains(String key) {
        return KeyPath.get(values, key) != KeyPath.MISSING;
    }

    /** The value of a dotted key; "does not exist" if it is not set. */
    public Object get(String key) {
        Object value = KeyPath.get(values, key);
        if (value == KeyPath.MISSING) {
            throw CapstanException.notFound("'%s' has no parameter '%s'", file, key);
        }
        return value;
    }

    /**
     * The values a params dependency records in {@code dvc.lock}: each key that is set, in the given order, to its
     * value; all of {@link #values()} when {@code keys} is empty (the whole file is tracked).
     */
    public Map<String, Object> select(Collection<String> keys) {
        if (keys.isEmpty()) {
            return values;
        }
        Map<String, Object> selected = new LinkedHashMap<>();
        for (String key : keys) {
            Object value = KeyPath.get(values, key);
            if (value != KeyPath.MISSING) {
                selected.put(key, value);
            }
        }
        return Collections.unmodifiableMap(selected);
    }

    /** DVC's word for a value's type in messages. */
    static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "a mapping";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Double) {
            return "a float";
        }
        return value instanceof Number ? "an integer" : "a string";
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot).toLowerCase(Locale.ROOT);
    }

    private static Object readWith(ObjectMapper mapper, Path file, String format) {
        try {
            return mapper.readValue(Files.readAllBytes(file), Object.class);
        } catch (NoSuchFileException e) {
            throw CapstanException.notFound("'%s' does not exist", file);
        } catch (JsonProcessingException e) {
            throw YamlTree.syntaxError(file, format, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** An unmodifiable copy; TOML's floats, which Jackson reads as BigDecimal, as Double like the others. */
    private static Object frozen(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, frozen(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(frozen(v)));
            return Collections.unmodifiableList(copy);
        }
        return value instanceof BigDecimal decimal ? decimal.doubleValue() : value;
    }

    /** Created on first use: few projects have TOML params. */
    private static final class Toml {
        static final ObjectMapper MAPPER = new TomlMapper();
    }
}
