package dev.capstan.pipeline;

import dev.capstan.CapstanException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The variables that {@code ${...}} reads, built as DVC's parsing context is: {@code params.yaml} beside
 * {@code dvc.yaml} when it exists, then the entries of {@code vars} in order (a params file, optionally with some of
 * its top-level keys as {@code file:key1,key2}, or an inline mapping), then a stage's own {@code vars}, and
 * {@code item}/{@code key} of a {@code foreach} or {@code matrix} iteration, which nothing else may set. Mappings
 * merge key by key; setting a key that is already set is an error naming both sources. A file loaded whole is
 * loaded once, so listing {@code params.yaml} in {@code vars} is harmless. Errors carry DVC's message without a
 * location, which the caller adds. Not thread-safe: {@link #copy()} before loading a stage's {@code vars}.
 */
final class Context {

    static final String DEFAULT_PARAMS = "params.yaml";

    private final Path root;
    private final Map<String, Object> data;
    /** Where each merged value came from, by dotted path: a file such as 'params.yaml', or 'train.vars[0]'. */
    private final Map<String, String> sources;
    /** Params files loaded so far: the top-level keys loaded, or null for the whole file. */
    private final Map<Path, List<String>> imports;
    private final Set<String> reserved;

    private Context(Path root, Map<String, Object> data, Map<String, String> sources,
                    Map<Path, List<String>> imports, Set<String> reserved) {
        this.root = root;
        this.data = data;
        this.sources = sources;
        this.imports = imports;
        this.reserved = reserved;
    }

    /** The context of a {@code dvc.yaml} in {@code root}: {@code params.yaml} there if it exists. */
    static Context of(Path root) {
        Context context = new Context(root, new LinkedHashMap<>(), new HashMap<>(), new HashMap<>(), Set.of());
        if (Files.exists(root.resolve(DEFAULT_PARAMS))) {
            context.loadFile(DEFAULT_PARAMS, root);
        }
        return context;
    }

    /** An independent copy, for loading a stage's {@code vars}. */
    Context copy() {
        Map<Path, List<String>> importsCopy = new HashMap<>();
        imports.forEach((path, keys) -> importsCopy.put(path, keys == null ? null : new ArrayList<>(keys)));
        return new Context(root, mutable(data), new HashMap<>(sources), importsCopy, reserved);
    }

    /** This context with the values of an iteration ({@code item}, {@code key}) set, and reserved. */
    Context iteration(Map<String, Object> values) {
        Map<String, Object> withValues = new LinkedHashMap<>(data);
        withValues.putAll(values);
        return new Context(root, withValues, sources, imports, values.keySet());
    }

    /**
     * Loads the entries of a {@code vars} list, files relative to {@code dir}; {@code stage} names inline
     * mappings' source in messages (null at the top level).
     */
    void loadVars(List<?> vars, Path dir, String stage) {
        for (int i = 0; i < vars.size(); i++) {
            if (vars.get(i) instanceof Map<?, ?> inline) {
                merge(inline, (stage == null ? "" : stage + ".") + "vars[" + i + "]", null);
            } else {
                loadFile((String) vars.get(i), dir);
            }
        }
    }

    /** The value of a dotted key such as {@code model.layers[0]}. */
    Object select(String key) {
        Object value = KeyPath.get(data, key);
        if (value == KeyPath.MISSING) {
            throw CapstanException.invalid("Could not find '%s'", key);
        }
        return value;
    }

    /** Loads a params file, or some of its top-level keys ({@code file:key1,key2}), relative to {@code dir}. */
    private void loadFile(String item, Path dir) {
        int colon = item.indexOf(':');
        Path path = dir.resolve(colon < 0 ? item : item.substring(0, colon)).normalize();
        List<String> keys = colon < 0 ? null : keys(item.substring(colon + 1));
        if (imports.containsKey(path)) {
            if (keys == null && imports.get(path) == null) {
                return;
            }
            checkNotLoaded(item, keys, imports.get(path));
        }
        String label = root.relativize(path).toString();
        if (!Files.exists(path)) {
            throw CapstanException.invalid("'%s' does not exist", label);
        }
        merge(select(ParamsFile.read(path).values(), keys, label), label, item);
        if (keys == null) {
            imports.put(path, null);
        } else {
            imports.computeIfAbsent(path, p -> new ArrayList<>()).addAll(keys);
        }
    }

    /** The keys of {@code key1,key2}; null (the whole file) for none. */
    private static List<String> keys(String list) {
        List<String> keys = Arrays.stream(list.split(",")).filter(k -> !k.isEmpty()).toList();
        return keys.isEmpty() ? null : keys;
    }

    private static void checkNotLoaded(String item, List<String> keys, List<String> loaded) {
        if (keys == null || loaded != null && keys.stream().anyMatch(loaded::contains)) {
            throw CapstanException.invalid("cannot load '%s' as it's partially loaded already", item);
        }
        if (loaded == null) {
            throw CapstanException.invalid("cannot partially load '%s' as it's already loaded.", item);
        }
    }

    private static Map<?, ?> select(Map<String, Object> values, List<String> keys, String label) {
        if (keys == null) {
            return values;
        }
        Map<String, Object> selected = new LinkedHashMap<>();
        for (String key : keys) {
            if (!values.containsKey(key)) {
                throw CapstanException.invalid("could not find '%s' in '%s'", key, label);
            }
            selected.put(key, values.get(key));
        }
        return selected;
    }

    private void merge(Map<?, ?> update, String source, String item) {
        List<String> clash = reserved.stream().filter(update::containsKey).sorted().toList();
        if (!clash.isEmpty()) {
            throw CapstanException.invalid("attempted to modify reserved key%s %s%s", clash.size() > 1 ? "s" : "",
                    String.join(" and ", clash.stream().map(k -> "'" + k + "'").toList()),
                    item == null ? "" : " in '" + item + "'");
        }
        merge(data, update, "", source);
    }

    @SuppressWarnings("unchecked")
    private void merge(Map<String, Object> into, Map<?, ?> update, String prefix, String source) {
        update.forEach((k, value) -> {
            String key = String.valueOf(k);
            String path = prefix + key;
            if (into.get(key) instanceof Map<?, ?> existing && value instanceof Map<?, ?> nested) {
                merge((Map<String, Object>) existing, nested, path + ".", source);
            } else if (into.containsKey(key)) {
                throw CapstanException.invalid("cannot redefine '%s' from '%s' as it already exists in '%s'", path,
                        source, sourceOf(path));
            } else {
                into.put(key, mutable(value));
                sources.put(path, source);
            }
        });
    }

    private String sourceOf(String path) {
        for (String p = path; ; p = p.substring(0, p.lastIndexOf('.'))) {
            if (sources.containsKey(p) || p.indexOf('.') < 0) {
                return sources.getOrDefault(p, "<local>");
            }
        }
    }

    /** Mappings copied into modifiable ones, so that later merges do not change what they were read from. */
    @SuppressWarnings("unchecked")
    private static <T> T mutable(T value) {
        if (!(value instanceof Map<?, ?> map)) {
            return value;
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), mutable(v)));
        return (T) copy;
    }
}
