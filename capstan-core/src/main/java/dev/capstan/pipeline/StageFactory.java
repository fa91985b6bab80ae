package dev.capstan.pipeline;

import dev.capstan.pipeline.Stage.Output;
import dev.capstan.pipeline.Stage.ParamsDependency;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.capstan.pipeline.ParamsFile.typeName;

/**
 * Builds a {@link Stage} from a resolved stage definition, as DVC's stage loader reads one: {@code params} merged
 * per file (a bare key is in {@code params.yaml}; a file with no keys is tracked whole, which also absorbs bare
 * keys when the file is {@code params.yaml}), outputs merged per path within a section with the defaults
 * {@code cache: true}, {@code persist: false}, {@code push: true}. Values that interpolation made into something
 * other than a path or command are refused here.
 */
final class StageFactory {

    private StageFactory() {
    }

    /**
     * The stage of a resolved definition.
     *
     * @param site       the stage
     * @param definition the definition as written, for line numbers
     * @param resolved   the definition with its interpolation done
     * @param wdir       the resolved working directory
     */
    static Stage stage(Site site, Map<?, ?> definition, Map<String, Object> resolved, String wdir) {
        List<Output> outs = new ArrayList<>();
        outs.addAll(outputs(site, definition, resolved, "outs", Output.Kind.OUTS));
        outs.addAll(outputs(site, definition, resolved, "metrics", Output.Kind.METRICS));
        outs.addAll(outputs(site, definition, resolved, "plots", Output.Kind.PLOTS));
        Object desc = resolved.get("desc");
        return new Stage(site.stage(), site.tree().file(), commands(site, definition, resolved.get("cmd")), wdir,
                strings(site, definition, "deps", resolved.getOrDefault("deps", List.of()), "a path"),
                params(site, definition, (List<?>) resolved.getOrDefault("params", List.of())), outs,
                Boolean.TRUE.equals(resolved.get("frozen")), Boolean.TRUE.equals(resolved.get("always_changed")),
                desc == null ? null : PyStr.of(desc), meta(site, definition, resolved.get("meta")),
                resolved.get("cmd") instanceof List);
    }

    private static List<String> commands(Site site, Map<?, ?> definition, Object cmd) {
        if (cmd instanceof String command) {
            return List.of(command);
        }
        if (!(cmd instanceof List<?> list)) {
            throw site.error(definition, "cmd", "expected a string or a list of strings for 'cmd', found %s",
                    typeName(cmd));
        }
        return strings(site, definition, "cmd", list, "a command");
    }

    private static List<String> strings(Site site, Map<?, ?> definition, String key, Object values, String what) {
        List<String> strings = new ArrayList<>();
        for (Object value : (List<?>) values) {
            if (!(value instanceof String s)) {
                throw site.error(definition, key, "expected %s (a string) in '%s', found %s", what, key,
                        typeName(value));
            }
            strings.add(s);
        }
        return strings;
    }

    private static List<ParamsDependency> params(Site site, Map<?, ?> definition, List<?> items) {
        Set<Object> wholeFiles = new LinkedHashSet<>();
        for (Object item : items) {
            if (item instanceof Map<?, ?> files) {
                files.forEach((file, keys) -> {
                    if (keys == null || keys instanceof List<?> list && list.isEmpty()) {
                        wholeFiles.add(file);
                    }
                });
            }
        }
        Map<String, Set<String>> keysByFile = new LinkedHashMap<>();
        for (Object item : items) {
            if (item instanceof String key) {
                if (!wholeFiles.contains(Context.DEFAULT_PARAMS)) {
                    keysByFile.computeIfAbsent(Context.DEFAULT_PARAMS, f -> new LinkedHashSet<>()).add(key);
                }
            } else if (item instanceof Map<?, ?> files) {
                files.forEach((file, keys) -> {
                    Set<String> fileKeys = keysByFile.computeIfAbsent((String) file, f -> new LinkedHashSet<>());
                    if (!wholeFiles.contains(file)) {
                        check(site, definition, "params", keys instanceof List,
                                "a list of keys for params file '%s', found %s", file, typeName(keys));
                        fileKeys.addAll(strings(site, definition, "params", keys, "a key"));
                    }
                });
            } else {
                throw site.error(definition, "params", "expected a key or a {file: [keys]} mapping in 'params', "
                        + "found %s", typeName(item));
            }
        }
        List<ParamsDependency> params = new ArrayList<>();
        keysByFile.forEach((file, keys) -> params.add(new ParamsDependency(file, List.copyOf(keys))));
        return params;
    }

    private static List<Output> outputs(Site site, Map<?, ?> definition, Map<String, Object> resolved,
                                        String section, Output.Kind kind) {
        Map<String, Map<Object, Object>> flagsByPath = new LinkedHashMap<>();
        for (Object item : (List<?>) resolved.getOrDefault(section, List.of())) {
            if (item instanceof String path) {
                flagsByPath.computeIfAbsent(path, p -> new LinkedHashMap<>());
            } else if (item instanceof Map<?, ?> paths) {
                paths.forEach((path, flags) -> flagsByPath.computeIfAbsent((String) path, p -> new LinkedHashMap<>())
                        .putAll((Map<?, ?>) flags));
            } else {
                throw site.error(definition, section, "expected a path (a string) in '%s', found %s", section,
                        typeName(item));
            }
        }
        List<Output> outputs = new ArrayList<>();
        flagsByPath.forEach((path, flags) -> outputs.add(new Output(path, kind, flag(flags, "cache", true),
                flag(flags, "persist", false), flag(flags, "push", true), plotProperties(flags))));
        return outputs;
    }

    /** A plot's rendering properties, as text. */
    private static Map<String, Object> plotProperties(Map<Object, Object> flags) {
        Map<String, Object> plot = new LinkedHashMap<>();
        for (String key : List.of("template", "x", "y", "title", "x_label", "y_label")) {
            if (flags.get(key) != null) {
                plot.put(key, String.valueOf(flags.get(key)));
            }
        }
        return plot;
    }

    private static boolean flag(Map<Object, Object> flags, String name, boolean absent) {
        return (Boolean) flags.getOrDefault(name, absent);
    }

    /** {@code meta} as a mapping; its null values are left out, as {@link Stage} keeps no nulls. */
    private static Map<String, Object> meta(Site site, Map<?, ?> definition, Object meta) {
        if (meta == null) {
            return Map.of();
        }
        check(site, definition, "meta", meta instanceof Map, "a mapping for 'meta', found %s", typeName(meta));
        Map<String, Object> values = new LinkedHashMap<>();
        ((Map<?, ?>) meta).forEach((k, v) -> {
            if (v != null) {
                values.put((String) k, v);
            }
        });
        return values;
    }

    private static void check(Site site, Map<?, ?> definition, String key, boolean ok, String expected,
                              Object... args) {
        if (!ok) {
            throw site.error(definition, key, "expected " + expected, args);
        }
    }
}
