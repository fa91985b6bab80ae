package dev.capstan.ml.train.internal;

import dev.capstan.data.internal.YamlTree;
import dev.capstan.ml.train.ModelType;
import dev.capstan.ml.train.TrainConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads {@code train.yaml}, naming the file and line of anything it does not know or cannot use. */
public final class TrainConfigReader {

    private static final Set<String> ROOT = Set.of("data", "split", "preprocessing", "model", "search", "output");
    private static final Set<String> SEARCH = Set.of("method", "trials", "metric", "space");
    private static final Set<String> DATA = Set.of("path", "target", "exclude", "split_column");
    private static final Set<String> SPLIT = Set.of("validation", "test", "seed", "stratify", "folds");
    private static final Set<String> MODEL = Set.of("type", "params", "rounds", "early_stopping");

    private final YamlTree tree;

    private TrainConfigReader(YamlTree tree) {
        this.tree = tree;
    }

    public static TrainConfig read(Path file) {
        return new TrainConfigReader(YamlTree.read(file)).config();
    }

    private TrainConfig config() {
        Map<?, ?> root = mapping(tree.root(), null, null, "the config");
        known(root, ROOT, "the config");
        Map<?, ?> data = mapping(root.get("data"), root, "data", "'data'");
        known(data, DATA, "'data'");
        Path dir = tree.file().toAbsolutePath().getParent();
        String path = text(data, "path", true);
        String target = text(data, "target", true);
        Object output = root.get("output");
        return new TrainConfig(tree.file(), dir.resolve(path), target, texts(data, "exclude"),
                text(data, "split_column", false), split(root), steps(root), model(root), search(root),
                dir.resolve(output == null ? "model" : String.valueOf(output)));
    }

    private TrainConfig.SplitSettings split(Map<?, ?> root) {
        Map<?, ?> split = root.get("split") == null ? Map.of() : mapping(root.get("split"), root, "split", "'split'");
        known(split, SPLIT, "'split'");
        int folds = (int) integer(split, "folds", 0);
        if (folds == 1 || folds < 0) {
            throw tree.error(tree.line(split, "folds"), "'folds' must be 0 (none) or at least 2, found " + folds);
        }
        return new TrainConfig.SplitSettings(share(split, "validation", 0.15), share(split, "test", 0.15),
                integer(split, "seed", 42), flag(split, "stratify", true), folds);
    }

    private TrainConfig.ModelSettings model(Map<?, ?> root) {
        Map<?, ?> model = mapping(root.get("model"), root, "model", "'model'");
        known(model, MODEL, "'model'");
        String typeName = text(model, "type", true);
        ModelType type = ModelType.named(typeName).orElseThrow(() -> tree.error(tree.line(model, "type"),
                "unknown model type '" + typeName + "'; expected one of " + Arrays.stream(ModelType.values())
                        .map(ModelType::word).collect(Collectors.joining(", "))));
        Map<String, Object> params = new LinkedHashMap<>();
        if (model.get("params") != null) {
            mapping(model.get("params"), model, "params", "'model.params'").forEach((k, v) -> params.put(
                    String.valueOf(k), v));
        }
        int rounds = (int) integer(model, "rounds", type.forest() ? 1 : 100);
        int earlyStopping = (int) integer(model, "early_stopping", 0);
        if (rounds < 1 || earlyStopping < 0) {
            throw tree.error(tree.line(model, rounds < 1 ? "rounds" : "early_stopping"),
                    "'rounds' must be at least 1 and 'early_stopping' at least 0");
        }
        return new TrainConfig.ModelSettings(type, params, rounds, earlyStopping);
    }

    private TrainConfig.SearchSettings search(Map<?, ?> root) {
        if (root.get("search") == null) {
            return null;
        }
        Map<?, ?> search = mapping(root.get("search"), root, "search", "'search'");
        known(search, SEARCH, "'search'");
        String method = text(search, "method", true);
        if (!method.equals("grid") && !method.equals("random")) {
            throw tree.error(tree.line(search, "method"), "'method' must be grid or random, found '" + method + "'");
        }
        Map<String, Object> space = new LinkedHashMap<>();
        Map<?, ?> given = mapping(search.get("space"), search, "space", "'search.space'");
        given.forEach((key, value) -> space.put(String.valueOf(key), dimension(given, String.valueOf(key), value,
                method)));
        int trials = (int) integer(search, "trials", 10);
        if (trials < 1) {
            throw tree.error(tree.line(search, "trials"), "'trials' must be at least 1");
        }
        return new TrainConfig.SearchSettings(method, trials, text(search, "metric", false), space);
    }

    /** A list of choices, or (random search only) a range {min, max, log, integer}. */
    private Object dimension(Map<?, ?> space, String key, Object value, String method) {
        if (value instanceof List<?> choices && !choices.isEmpty()) {
            return choices;
        }
        if (value instanceof Map<?, ?> range && method.equals("random") && range.get("min") instanceof Number min
                && range.get("max") instanceof Number max && min.doubleValue() <= max.doubleValue()
                && Set.of("min", "max", "log", "integer").containsAll(range.keySet().stream().map(String::valueOf)
                .toList())) {
            return range;
        }
        throw tree.error(tree.line(space, key), "'" + key + "' must be a list of choices" + (method.equals("random")
                ? " or a range {min, max, log, integer} with min <= max" : " (a grid takes lists)"));
    }

    private List<Map<String, Object>> steps(Map<?, ?> root) {
        Object steps = root.get("preprocessing");
        if (steps == null) {
            return List.of();
        }
        if (!(steps instanceof List<?> list)) {
            throw tree.error(tree.line(root, "preprocessing"), "'preprocessing' must be a list of steps");
        }
        List<Map<String, Object>> result = new ArrayList<>();
        for (Object step : list) {
            Map<String, Object> copy = new LinkedHashMap<>();
            mapping(step, root, "preprocessing", "a preprocessing step").forEach((k, v) -> copy.put(String.valueOf(k),
                    v));
            result.add(copy);
        }
        return result;
    }

    private Map<?, ?> mapping(Object value, Map<?, ?> parent, String key, String what) {
        if (!(value instanceof Map<?, ?> map)) {
            throw tree.error(parent == null ? 0 : tree.line(parent, key), what + " must be a mapping"
                    + (value == null ? ", and is missing" : ", found '" + value + "'"));
        }
        return map;
    }

    private void known(Map<?, ?> map, Set<String> keys, String where) {
        for (Object key : map.keySet()) {
            if (!keys.contains(String.valueOf(key))) {
                throw tree.error(tree.line(map, String.valueOf(key)), "unknown key '" + key + "' in " + where
                        + "; expected " + keys.stream().sorted().collect(Collectors.joining(", ")));
            }
        }
    }

    private String text(Map<?, ?> map, String key, boolean required) {
        Object value = map.get(key);
        if (value == null && required) {
            throw tree.error(0, "'" + key + "' is missing");
        }
        if (value != null && !(value instanceof String)) {
            throw tree.error(tree.line(map, key), "'" + key + "' must be a text, found '" + value + "'");
        }
        return (String) value;
    }

    private List<String> texts(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw tree.error(tree.line(map, key), "'" + key + "' must be a list of column names");
        }
        return list.stream().map(String::valueOf).toList();
    }

    private double share(Map<?, ?> map, String key, double absent) {
        Object value = map.get(key);
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() >= 1) {
            throw tree.error(tree.line(map, key), "'" + key + "' must be a fraction in [0, 1), found '" + value + "'");
        }
        return n.doubleValue();
    }

    private long integer(Map<?, ?> map, String key, long absent) {
        Object value = map.get(key);
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Integer || value instanceof Long)) {
            throw tree.error(tree.line(map, key), "'" + key + "' must be a whole number, found '" + value + "'");
        }
        return ((Number) value).longValue();
    }

    private boolean flag(Map<?, ?> map, String key, boolean absent) {
        Object value = map.get(key);
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Boolean b)) {
            throw tree.error(tree.line(map, key), "'" + key + "' must be true or false, found '" + value + "'");
        }
        return b;
    }
}
