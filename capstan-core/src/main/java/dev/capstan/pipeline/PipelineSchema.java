package dev.capstan.pipeline;

import dev.capstan.data.internal.YamlTree;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static dev.capstan.pipeline.ParamsFile.typeName;

/**
 * The shape of a {@code dvc.yaml} before interpolation, as DVC's schema ({@code dvc/schema.py}) checks it: the
 * top-level and stage keys, the type of each value ({@code frozen: ${x}} is refused, as DVC refuses it), and
 * {@code foreach} with {@code do}. Each error names the file, the line, the stage and what was expected.
 */
final class PipelineSchema {

    static final List<String> TOP_LEVEL_KEYS = List.of(
            "stages", "vars", "plots", "params", "metrics", "artifacts", "datasets");
    static final List<String> STAGE_KEYS = List.of("cmd", "wdir", "deps", "params", "outs", "metrics", "plots",
            "frozen", "always_changed", "desc", "meta", "vars", "matrix");
    /** A {@code do} template: a stage without {@code matrix}. */
    private static final List<String> TEMPLATE_KEYS = STAGE_KEYS.stream().filter(k -> !k.equals("matrix")).toList();
    private static final List<String> FOREACH_KEYS = List.of("foreach", "do");
    private static final List<String> OUTPUT_FLAGS = List.of(
            "cache", "persist", "push", "remote", "checkpoint", "desc", "type", "labels", "meta");
    private static final List<String> PLOT_FLAGS = Stream.concat(OUTPUT_FLAGS.stream(),
            Stream.of("template", "x", "y", "x_label", "y_label", "title", "header")).toList();
    private static final List<String> BOOLEAN_FLAGS = List.of("cache", "persist", "push", "checkpoint", "header");
    private static final List<String> PLOT_KEYS = List.of("x", "y", "x_label", "y_label", "title", "template");

    private PipelineSchema() {
    }

    /** Checks a parsed {@code dvc.yaml}; an empty file is valid and has no stages. */
    static void validate(YamlTree tree) {
        if (tree.root() == null) {
            return;
        }
        Site site = new Site(tree, null, 1);
        if (!(tree.root() instanceof Map<?, ?> top)) {
            throw site.error("expected a mapping with 'stages', found %s", typeName(tree.root()));
        }
        keys(site, top, TOP_LEVEL_KEYS, "top-level key", "");
        check(site, top, "stages", Map.class::isInstance, "a mapping of stage names to stages");
        check(site, top, "params", PipelineSchema::isStringList, "a list of file names");
        check(site, top, "metrics", PipelineSchema::isStringList, "a list of file names");
        check(site, top, "artifacts", Map.class::isInstance, "a mapping of artifact names");
        vars(site, top);
        topLevelPlots(site, top);
        if (top.get("stages") instanceof Map<?, ?> stages) {
            stages.forEach((name, stage) -> stage(new Site(tree, (String) name, tree.line(stages, (String) name)),
                    stage));
        }
    }

    private static void stage(Site site, Object stage) {
        if (!(stage instanceof Map<?, ?> definition)) {
            throw site.error("expected a mapping of stage keys, found %s", typeName(stage));
        }
        if (!definition.containsKey("foreach") && !definition.containsKey("do")) {
            definition(site, definition, STAGE_KEYS);
            return;
        }
        keys(site, definition, FOREACH_KEYS, "key", " beside 'foreach' and 'do'");
        for (String key : FOREACH_KEYS) {
            if (!definition.containsKey(key)) {
                throw site.error("'foreach' and 'do' go together, found no '%s'", key);
            }
        }
        check(site, definition, "foreach", v -> v instanceof Map || v instanceof List || v instanceof String,
                "a list, a mapping or a ${...} reference");
        check(site, definition, "do", Map.class::isInstance, "a mapping of stage keys");
        definition(site, (Map<?, ?>) definition.get("do"), TEMPLATE_KEYS);
    }

    private static void definition(Site site, Map<?, ?> stage, List<String> allowed) {
        keys(site, stage, allowed, "stage key", "");
        if (!stage.containsKey("cmd")) {
            throw site.error("'cmd' is missing: every stage needs a command");
        }
        check(site, stage, "cmd", v -> v instanceof String || v instanceof List, "a string or a list of strings");
        check(site, stage, "wdir", String.class::isInstance, "a string");
        check(site, stage, "deps", PipelineSchema::isStringList, "a list of paths");
        check(site, stage, "params", v -> isListOf(v, i -> i instanceof String || i instanceof Map),
                "a list of keys and {file: [keys]} mappings");
        check(site, stage, "frozen", Boolean.class::isInstance, "true or false");
        check(site, stage, "always_changed", Boolean.class::isInstance, "true or false");
        check(site, stage, "desc", String.class::isInstance, "a string");
        check(site, stage, "matrix", v -> v instanceof Map<?, ?> m
                && m.values().stream().allMatch(x -> x instanceof List || x instanceof String),
                "a mapping of names to lists or ${...} references");
        vars(site, stage);
        outputs(site, stage, "outs", OUTPUT_FLAGS);
        outputs(site, stage, "metrics", OUTPUT_FLAGS);
        outputs(site, stage, "plots", PLOT_FLAGS);
    }

    /** {@code vars}: a list of file names and mappings, without interpolation. */
    private static void vars(Site site, Map<?, ?> map) {
        check(site, map, "vars", v -> isListOf(v, i -> i instanceof String || i instanceof Map),
                "a list of file names and mappings");
        if (Interpolation.isInterpolated(map.get("vars"))) {
            throw site.error(map, "vars", "interpolating is not allowed in 'vars'");
        }
    }

    /** outs, metrics, plots: paths, or mappings of paths to flags such as {@code cache: false}. */
    private static void outputs(Site site, Map<?, ?> stage, String section, List<String> allowed) {
        check(site, stage, section, v -> isListOf(v, i -> i instanceof String || i instanceof Map),
                "a list of paths and {path: {flags}} mappings");
        for (Object item : Objects.requireNonNullElse((List<?>) stage.get(section), List.of())) {
            if (item instanceof Map<?, ?> outputs) {
                outputs.forEach((path, flags) -> flags(new Site(site.tree(), site.stage(),
                        site.tree().line(outputs, (String) path)), section, (String) path, flags, allowed));
            }
        }
    }

    /** The flags of one output; {@code site} is at the output's line. */
    private static void flags(Site output, String section, String path, Object flags, List<String> allowed) {
        if (!(flags instanceof Map<?, ?> map)) {
            throw output.error("expected a mapping of flags for %s '%s', found %s", section, path,
                    typeName(flags));
        }
        keys(output, map, allowed, "flag", " for '" + path + "'");
        for (String flag : allowed) {
            boolean bool = BOOLEAN_FLAGS.contains(flag);
            Predicate<Object> ok = flag.equals("meta") ? v -> true
                    : flag.equals("labels") ? PipelineSchema::isStringList
                    : bool ? Boolean.class::isInstance : String.class::isInstance;
            check(output, map, flag, ok, bool ? "true or false" : flag.equals("labels") ? "a list of strings"
                    : "a string");
        }
    }

    /** Top-level {@code plots}: paths, or mappings of a path or name to its definition. Otherwise unused. */
    private static void topLevelPlots(Site site, Map<?, ?> top) {
        check(site, top, "plots", v -> isListOf(v, i -> i instanceof String || i instanceof Map),
                "a list of paths and {name: {definition}} mappings");
        for (Object item : Objects.requireNonNullElse((List<?>) top.get("plots"), List.of())) {
            if (item instanceof Map<?, ?> plots) {
                plots.forEach((name, definition) -> {
                    if (definition != null && !(definition instanceof Map)) {
                        throw site.error(top, "plots", "expected a mapping for plot '%s', found %s", name,
                                typeName(definition));
                    }
                    if (definition instanceof Map<?, ?> props) {
                        keys(new Site(site.tree(), null, site.tree().line(top, "plots")), props, PLOT_KEYS,
                                "key", " for plot '" + name + "'");
                    }
                });
            }
        }
    }

    /** Refuses a key not in {@code allowed}: "unknown {what} 'key'{where}; expected one of: ...". */
    private static void keys(Site site, Map<?, ?> map, List<String> allowed, String what, String where) {
        for (Object key : map.keySet()) {
            if (!allowed.contains(key)) {
                throw site.error(map, (String) key, "unknown %s '%s'%s; expected one of: %s", what, key, where,
                        String.join(", ", allowed));
            }
        }
    }

    private static void check(Site site, Map<?, ?> map, String key, Predicate<Object> ok, String expected) {
        if (map.containsKey(key) && !ok.test(map.get(key))) {
            throw site.error(map, key, "expected %s for '%s', found %s", expected, key, describe(map.get(key)));
        }
    }

    private static String describe(Object value) {
        return value instanceof Map || value instanceof List || value == null
                ? typeName(value) : typeName(value) + " '" + value + "'";
    }

    private static boolean isStringList(Object value) {
        return isListOf(value, String.class::isInstance);
    }

    private static boolean isListOf(Object value, Predicate<Object> item) {
        return value instanceof List<?> list && list.stream().allMatch(item);
    }
}
