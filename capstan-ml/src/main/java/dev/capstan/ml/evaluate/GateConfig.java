package dev.capstan.ml.evaluate;

import dev.capstan.data.internal.YamlTree;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The quality gates a model must pass before it is promoted ({@code capstan gate --config gates.yaml MODEL}):
 * <pre>
 * data: {path: test.csv, target: churn}         # the held-out rows every gate measures on
 * metrics:                                      # bounds on the model's metrics there
 *   roc_auc: {min: 0.75}
 *   log_loss: {max: 0.6}
 * reference:                                    # no regression against the model in production
 *   model: models:/churn@champion
 *   metrics: [roc_auc, log_loss]                # worse than the reference by more than the tolerance fails
 *   tolerance: 0.01
 * latency: {p99_ms: 5, requests: 1000}          # one-row predictions
 * size: {max_mb: 50}                            # the model directory
 * data_checks:                                  # from the validation engine
 *   train: train.csv                            # no row of the test data shares its key with the training data
 *   key: customer_id
 *   min_class_share: 0.1                        # the rarest class of the target
 * </pre>
 * Paths are relative to the config file. Every section but {@code data} is optional.
 */
public record GateConfig(Path file, Path data, String target, Map<String, Bound> metrics, Reference reference,
                         Double latencyP99Millis, int latencyRequests, Double maxSizeMb, Path train, String key,
                         Double minClassShare) {

    /** A metric's bounds; null for an open end. */
    public record Bound(Double min, Double max) {
    }

    /** The model to compare with, the metrics that must not get worse (losses up, others down) and by how much. */
    public record Reference(String model, List<String> metrics, double tolerance) {
    }

    public static GateConfig read(Path file) {
        return new Reader(YamlTree.read(file)).config();
    }

    /** Reads the YAML, naming the file and line of what it cannot use. */
    private record Reader(YamlTree tree) {

        private static final Set<String> ROOT = Set.of("data", "metrics", "reference", "latency", "size",
                "data_checks");

        GateConfig config() {
            Map<?, ?> root = map(tree.root(), null, "the config");
            for (Object key : root.keySet()) {
                if (!ROOT.contains(String.valueOf(key))) {
                    throw tree.error(tree.line(root, String.valueOf(key)), "unknown key '" + key + "'; expected "
                            + ROOT.stream().sorted().collect(Collectors.joining(", ")));
                }
            }
            Path dir = tree.file().toAbsolutePath().getParent();
            Map<?, ?> data = map(root.get("data"), root, "data");
            Map<?, ?> latency = optional(root, "latency");
            Map<?, ?> size = optional(root, "size");
            Map<?, ?> checks = optional(root, "data_checks");
            Object train = checks.get("train");
            return new GateConfig(tree.file(), dir.resolve(text(data, "path")), text(data, "target"), metrics(root),
                    reference(root), number(latency, "p99_ms"), latency.get("requests") instanceof Integer n ? n : 1000,
                    number(size, "max_mb"), train == null ? null : dir.resolve(String.valueOf(train)),
                    checks.get("key") == null ? null : String.valueOf(checks.get("key")),
                    number(checks, "min_class_share"));
        }

        private Map<String, Bound> metrics(Map<?, ?> root) {
            Map<String, Bound> bounds = new LinkedHashMap<>();
            optional(root, "metrics").forEach((name, bound) -> {
                Map<?, ?> b = map(bound, optional(root, "metrics"), String.valueOf(name));
                if (b.get("min") == null && b.get("max") == null) {
                    throw tree.error(tree.line(optional(root, "metrics"), String.valueOf(name)),
                            "metric '" + name + "' needs 'min', 'max' or both");
                }
                bounds.put(String.valueOf(name), new Bound(number(b, "min"), number(b, "max")));
            });
            return bounds;
        }

        private Reference reference(Map<?, ?> root) {
            if (root.get("reference") == null) {
                return null;
            }
            Map<?, ?> reference = map(root.get("reference"), root, "reference");
            Object metrics = reference.get("metrics");
            if (!(metrics instanceof List<?> list) || list.isEmpty()) {
                throw tree.error(tree.line(root, "reference"), "'reference' needs a list of 'metrics' to compare");
            }
            Double tolerance = number(reference, "tolerance");
            return new Reference(text(reference, "model"), list.stream().map(String::valueOf).toList(),
                    tolerance == null ? 0.0 : tolerance);
        }

        private Map<?, ?> optional(Map<?, ?> root, String key) {
            return root.get(key) == null ? Map.of() : map(root.get(key), root, key);
        }

        private Map<?, ?> map(Object value, Map<?, ?> parent, String what) {
            if (!(value instanceof Map<?, ?> map)) {
                throw tree.error(parent == null ? 0 : tree.line(parent, what), "'" + what + "' must be a mapping"
                        + (value == null ? ", and is missing" : ""));
            }
            return map;
        }

        private String text(Map<?, ?> map, String key) {
            Object value = map.get(key);
            if (!(value instanceof String s)) {
                throw tree.error(tree.line(map, key), "'" + key + "' must be a text" + (value == null
                        ? ", and is missing" : ", found '" + value + "'"));
            }
            return s;
        }

        private Double number(Map<?, ?> map, String key) {
            Object value = map.get(key);
            if (value != null && !(value instanceof Number)) {
                throw tree.error(tree.line(map, key), "'" + key + "' must be a number, found '" + value + "'");
            }
            return value == null ? null : ((Number) value).doubleValue();
        }
    }
}
