package dev.capstan.pipeline;

import dev.capstan.CapstanException;
import dev.capstan.data.internal.YamlTree;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import static dev.capstan.pipeline.ParamsFile.typeName;

/**
 * Resolves the stage definitions of a validated {@code dvc.yaml} into stages, as DVC's {@code DataResolver} does.
 * A plain definition is one stage. {@code foreach} over a list or a mapping (or a {@code ${...}} reference to one)
 * makes one stage per item from the {@code do} template, named {@code name@key}: the key of a mapping, the item of
 * a list of scalars, the index in a list of lists or mappings; {@code ${item}} is the item and, for a mapping,
 * {@code ${key}} its key. {@code matrix} makes one stage per combination of its named lists, in order, named
 * {@code name@a-b} from each value (or {@code listname} + index for a list or mapping value), with
 * {@code ${item.listname}}. A stage's {@code vars} load after its {@code wdir} is resolved, relative to it.
 */
final class StageResolver {

    private static final String JOIN = "@";
    /** Keys that are not stage fields: loaded or expanded before the fields are resolved. */
    private static final Set<String> UNRESOLVED = Set.of("vars", "matrix");

    private final YamlTree tree;
    private final Path dir;

    StageResolver(YamlTree tree) {
        this.tree = tree;
        this.dir = tree.file().toAbsolutePath().normalize().getParent();
    }

    /** The stages in file order; generated names must not repeat. */
    List<Stage> stages() {
        Map<?, ?> top = tree.root() == null ? Map.of() : (Map<?, ?>) tree.root();
        Context context = context(top);
        Map<?, ?> definitions = Objects.requireNonNullElse((Map<?, ?>) top.get("stages"), Map.of());
        Map<String, Stage> stages = new LinkedHashMap<>();
        definitions.forEach((name, definition) -> {
            Site site = new Site(tree, (String) name, tree.line(definitions, (String) name));
            for (Stage stage : expand(site, (Map<?, ?>) definition, context)) {
                if (stages.putIfAbsent(stage.name(), stage) != null) {
                    throw site.named(stage.name()).error("duplicate stage name '%s'", stage.name());
                }
            }
        });
        return List.copyOf(stages.values());
    }

    /** {@code params.yaml}, then the top-level {@code vars}. */
    private Context context(Map<?, ?> top) {
        return resolving(new Site(tree, null, 0), top, "vars", "cannot load 'vars'", () -> {
            Context context = Context.of(dir);
            context.loadVars(Objects.requireNonNullElse((List<?>) top.get("vars"), List.of()), dir, null);
            return context;
        });
    }

    private List<Stage> expand(Site site, Map<?, ?> definition, Context context) {
        if (definition.containsKey("foreach")) {
            return foreach(site, definition, context);
        }
        if (definition.containsKey("matrix")) {
            return matrix(site, definition, context);
        }
        return List.of(entry(site, definition, context));
    }

    private List<Stage> foreach(Site site, Map<?, ?> definition, Context context) {
        Object data = resolving(site, definition, "foreach", "cannot resolve 'foreach'",
                () -> Interpolation.resolve(definition.get("foreach"), context, null));
        if (!(data instanceof Map || data instanceof List)) {
            throw site.error(definition, "foreach", "expected 'foreach' to be a list or a mapping, found %s",
                    typeName(data));
        }
        Map<?, ?> template = (Map<?, ?>) definition.get("do");
        List<Stage> stages = new ArrayList<>();
        iterations(site, definition, data).forEach((key, item) -> {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("item", item);
            if (data instanceof Map) {
                values.put("key", key);
            }
            stages.add(entry(site.named(site.stage() + JOIN + key), template, context.iteration(values)));
        });
        return stages;
    }

    /** The items of {@code foreach} data by the key that names their stage. */
    private static Map<String, Object> iterations(Site site, Map<?, ?> definition, Object data) {
        Map<String, Object> items = new LinkedHashMap<>();
        if (data instanceof Map<?, ?> map) {
            map.forEach((k, v) -> items.put(PyStr.of(k), v));
            return items;
        }
        List<?> list = (List<?>) data;
        boolean composite = list.stream().anyMatch(v -> v instanceof Map || v instanceof List);
        for (int i = 0; i < list.size(); i++) {
            String key = composite ? String.valueOf(i) : PyStr.of(list.get(i));
            if (items.containsKey(key)) {
                throw site.error(definition, "foreach", "duplicate stage name '%s': 'foreach' lists '%s' twice",
                        site.stage() + JOIN + key, key);
            }
            items.put(key, list.get(i));
        }
        return items;
    }

    private List<Stage> matrix(Site site, Map<?, ?> definition, Context context) {
        Map<String, Stage> stages = new LinkedHashMap<>();
        for (Combination combination : combinations(site, definition, context)) {
            String key = String.join("-", combination.fragments());
            String name = site.stage() + JOIN + key;
            Context iteration = context.iteration(Map.of("item", combination.item(), "key", key));
            if (stages.put(name, entry(site.named(name), definition, iteration)) != null) {
                throw site.error(definition, "matrix", "duplicate stage name '%s'", name);
            }
        }
        return List.copyOf(stages.values());
    }

    /** The product of the matrix's lists, the first list varying slowest. */
    private static List<Combination> combinations(Site site, Map<?, ?> definition, Context context) {
        Object matrix = resolving(site, definition, "matrix", "cannot resolve 'matrix'",
                () -> Interpolation.resolve(definition.get("matrix"), context, null));
        List<Combination> combinations = List.of(new Combination(List.of(), Map.of()));
        for (Map.Entry<?, ?> dimension : ((Map<?, ?>) matrix).entrySet()) {
            if (!(dimension.getValue() instanceof List<?> values)) {
                throw site.error(definition, "matrix", "expected 'matrix.%s' to be a list, found %s",
                        dimension.getKey(), typeName(dimension.getValue()));
            }
            combinations = product(combinations, (String) dimension.getKey(), values);
        }
        return combinations;
    }

    /** One combination of matrix values: the fragments of its name and the item. */
    private record Combination(List<String> fragments, Map<String, Object> item) {
    }

    private static List<Combination> product(List<Combination> combinations, String name, List<?> values) {
        List<Combination> next = new ArrayList<>();
        for (Combination combination : combinations) {
            for (int i = 0; i < values.size(); i++) {
                Object value = values.get(i);
                List<String> fragments = new ArrayList<>(combination.fragments());
                fragments.add(value instanceof Map || value instanceof List ? name + i : PyStr.of(value));
                Map<String, Object> item = new LinkedHashMap<>(combination.item());
                item.put(name, value);
                next.add(new Combination(fragments, item));
            }
        }
        return next;
    }

    /** One stage: {@code wdir} first, then the stage's {@code vars}, then every other field. */
    private Stage entry(Site site, Map<?, ?> definition, Context outer) {
        String wdir = wdir(site, definition, outer);
        Context context = withVars(site, definition, outer, wdir);
        Map<String, Object> resolved = new LinkedHashMap<>();
        definition.forEach((k, value) -> {
            String key = (String) k;
            if (!UNRESOLVED.contains(key)) {
                resolved.put(key, resolving(site, definition, key, "cannot interpolate '" + key + "'",
                        () -> Interpolation.resolve(value, context, key)));
            }
        });
        return StageFactory.stage(site, definition, resolved, wdir);
    }

    /** The stage's {@code wdir} as text ({@code "."} if absent or empty). */
    private static String wdir(Site site, Map<?, ?> definition, Context context) {
        Object wdir = definition.get("wdir");
        if (wdir == null || wdir.equals("")) {
            return ".";
        }
        return PyStr.of(resolving(site, definition, "wdir", "cannot interpolate 'wdir'",
                () -> Interpolation.resolve(wdir, context, "wdir")));
    }

    /** The context with the stage's own {@code vars}, files relative to its {@code wdir}. */
    private Context withVars(Site site, Map<?, ?> definition, Context outer, String wdir) {
        List<?> vars = Objects.requireNonNullElse((List<?>) definition.get("vars"), List.of());
        if (vars.isEmpty()) {
            return outer;
        }
        return resolving(site, definition, "vars", "cannot load 'vars'", () -> {
            Context own = outer.copy();
            own.loadVars(vars, dir.resolve(wdir).normalize(), site.stage());
            return own;
        });
    }

    /** Runs a step of resolution; its error (DVC's message, without a place) gets the place of {@code key}. */
    private static <T> T resolving(Site site, Map<?, ?> map, String key, String what, Supplier<T> step) {
        try {
            return step.get();
        } catch (CapstanException e) {
            throw site.error(map, key, "%s: %s", what, e.getMessage());
        }
    }
}
