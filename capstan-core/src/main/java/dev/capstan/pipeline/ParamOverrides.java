package dev.capstan.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.capstan.CapstanException;
import dev.capstan.Json;
import dev.capstan.data.internal.AtomicFiles;
import dev.capstan.data.internal.YamlBlocks;
import dev.capstan.data.internal.YamlTree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DVC's {@code exp run -S [FILE:]KEY=VALUE}: sets parameters in params files before an experiment runs. The value
 * is read as YAML ({@code 0.1} is a number, {@code [1, 2]} a list). In a YAML file a key whose value sits on its own
 * line is changed on that line, so comments and layout stay; anything else rewrites the file.
 *
 * @param file  the params file, relative to the repository root ({@code params.yaml} by default)
 * @param key   the dotted key
 * @param value the new value
 */
public record ParamOverrides(String file, String key, Object value) {

    private static final Pattern SPEC = Pattern.compile("(?:([^=:]+):)?([^=]+)=(.*)", Pattern.DOTALL);

    /** Parses {@code [FILE:]KEY=VALUE}. */
    public static ParamOverrides parse(String spec) {
        Matcher m = SPEC.matcher(spec);
        if (!m.matches() || m.group(2).isBlank()) {
            throw CapstanException.invalid("-S expects [FILE:]KEY=VALUE, found '%s'", spec);
        }
        Object value = YamlTree.parse(Path.of("-S " + spec), "v: " + m.group(3)).root() instanceof Map<?, ?> map
                ? map.get("v") : null;
        return new ParamOverrides(m.group(1) == null ? Stage.ParamsDependency.DEFAULT_FILE : m.group(1).strip(),
                m.group(2).strip(), value);
    }

    /** Writes the override into its file under {@code root} (atomically). */
    public void apply(Path root) {
        Path path = root.resolve(file);
        if (!Files.exists(path)) {
            throw CapstanException.notFound("-S %s:%s: the params file %s does not exist", file, key, path);
        }
        String name = path.getFileName().toString();
        String text = name.endsWith(".json") || name.endsWith(".toml") ? null : inPlace(path);
        if (text == null) {
            text = rewritten(path, name);
        }
        AtomicFiles.write(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The YAML text with only the value's line changed, or null when the key is not a one-line value there. */
    private String inPlace(Path path) {
        try {
            String text = Files.readString(path, StandardCharsets.UTF_8);
            YamlTree tree = YamlTree.parse(path, text);
            int dot = key.lastIndexOf('.');
            Object parent = dot < 0 ? tree.root() : KeyPath.get(tree.root(), key.substring(0, dot));
            String last = key.substring(dot + 1);
            if (!(parent instanceof Map<?, ?> map) || !map.containsKey(last) || map.get(last) instanceof Map<?, ?>
                    || map.get(last) instanceof List<?> || tree.line(map, last) == 0) {
                return null;
            }
            List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
            int at = tree.line(map, last) - 1;
            Matcher m = Pattern.compile("^(\\s*" + Pattern.quote(last) + "\\s*:\\s*)([^#]*?)(\\s+#.*)?$").matcher(lines.get(at));
            if (!m.matches() || m.group(2).isEmpty()) {
                return null;
            }
            lines.set(at, m.group(1) + YamlBlocks.scalar(value) + (m.group(3) == null ? "" : m.group(3)));
            return String.join("\n", lines);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }

    private String rewritten(Path path, String name) {
        Map<String, Object> root = copy(ParamsFile.read(path).values());
        set(root, key.split("\\."), value);
        try {
            if (name.endsWith(".json")) {
                return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
            }
            if (name.endsWith(".toml")) {
                return new TomlMapper().writeValueAsString(root);
            }
            return YamlBlocks.document(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    private static void set(Map<String, Object> map, String[] parts, Object value) {
        Map<String, Object> node = map;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = node.get(parts[i]);
            if (!(child instanceof Map<?, ?>)) {
                child = new LinkedHashMap<String, Object>();
                node.put(parts[i], child);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> next = (Map<String, Object>) child;
            node = next;
        }
        node.put(parts[parts.length - 1], value);
    }

    /** A deep, mutable copy of parsed values. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> m ? copy((Map<String, Object>) m) : v));
        return out;
    }
}
