package dev.capstan.ml.xgboost.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads XGBoost's JSON model schema ({@code learner.gradient_booster.model.trees}, ...) and compiles a gbtree
 * model into a {@link TreeEnsemble}, or says why the flat-array evaluator cannot take it (dart, gblinear,
 * categorical splits, vector leaves, other objectives), so the caller falls back to xgboost4j.
 */
public final class ModelJson {

    /**
     * Floats are read as BigDecimal and rounded once to float32, exactly as XGBoost wrote them; XGBoost writes
     * NaN for the thresholds of categorical splits.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private ModelJson() {
    }

    /**
     * What the predictor needs to know about a model, whichever path scores it.
     *
     * @param objective     XGBoost objective name
     * @param numFeatures   {@code num_feature}
     * @param featureNames  the model's feature names, empty when it has none
     * @param featureTypes  the model's feature types ({@code float}, {@code c}, ...), empty when none
     * @param bestIteration the {@code best_iteration} attribute, or -1
     */
    public record Header(String objective, int numFeatures, List<String> featureNames, List<String> featureTypes,
                         int bestIteration) {
    }

    /**
     * The outcome of compiling: a fast evaluator, or the reason there is none.
     *
     * @param ensemble    the compiled model, or {@code null}
     * @param unsupported why the model needs xgboost4j, or {@code null}
     */
    public record Compilation(TreeEnsemble ensemble, String unsupported) {
        static Compilation unsupported(String reason) {
            return new Compilation(null, reason);
        }
    }

    /** Parses a JSON model; {@code source} names the file in error messages. */
    public static JsonNode read(byte[] json, String source) {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || !root.path("learner").isObject()) {
                throw CapstanException.invalid("%s is not an XGBoost JSON model: expected an object with 'learner'",
                        source);
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    source + " is not a valid XGBoost JSON model: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, "Cannot read " + source, e);
        }
    }

    public static Header header(JsonNode root, String source) {
        JsonNode learner = root.path("learner");
        return new Header(required(learner.path("objective").path("name"), "learner.objective.name", source).asText(),
                intParam(learner.path("learner_model_param").path("num_feature"), "num_feature", source),
                strings(learner.path("feature_names")), strings(learner.path("feature_types")),
                learner.path("attributes").has("best_iteration")
                        ? intParam(learner.path("attributes").path("best_iteration"), "best_iteration", source) : -1);
    }

    /**
     * Compiles the model for the flat-array evaluator.
     *
     * @param useBestIteration whether to stop at {@code best_iteration}, as the scikit-learn wrappers predict
     */
    public static Compilation compile(JsonNode root, boolean useBestIteration, String source) {
        JsonNode learner = root.path("learner");
        Header header = header(root, source);
        String reason = unsupportedReason(learner, header);
        if (reason != null) {
            return Compilation.unsupported(reason);
        }
        JsonNode model = learner.path("gradient_booster").path("model");
        JsonNode trees = required(model.path("trees"), "gradient_booster.model.trees", source);
        for (JsonNode tree : trees) {
            String treeReason = unsupportedTree(tree);
            if (treeReason != null) {
                return Compilation.unsupported(treeReason);
            }
        }
        int groups = numGroups(learner, source);
        int treeCount = treeCount(model, header, useBestIteration, groups, source);
        return new Compilation(new TreeCompiler(header.numFeatures(), source).compile(trees, treeCount,
                model.path("tree_info"), groups, baseMargins(learner, header, groups, source),
                Objective.of(header.objective()).orElseThrow()), null);
    }

    private static String unsupportedReason(JsonNode learner, Header header) {
        String booster = learner.path("gradient_booster").path("name").asText();
        if (!booster.equals("gbtree")) {
            return "booster " + booster;
        }
        if (Objective.of(header.objective()).isEmpty()) {
            return "objective " + header.objective();
        }
        String targets = learner.path("learner_model_param").path("num_target").asText("1");
        if (!targets.equals("1") && !targets.equals("0")) {
            return "num_target " + targets;
        }
        if (header.featureTypes().stream().anyMatch(t -> !t.equals("float") && !t.equals("int")
                && !t.equals("i") && !t.equals("q"))) {
            return "categorical feature types " + header.featureTypes();
        }
        return null;
    }

    /** XGBoost before 2.0 writes size_leaf_vector 0 for scalar leaves, 2.0 and later 1. */
    private static String unsupportedTree(JsonNode tree) {
        String leafSize = tree.path("tree_param").path("size_leaf_vector").asText("0");
        if (!leafSize.equals("0") && !leafSize.equals("1")) {
            return "vector leaves (size_leaf_vector " + leafSize + ")";
        }
        if (tree.path("categories_nodes").size() > 0) {
            return "categorical splits";
        }
        for (JsonNode type : tree.path("split_type")) {
            if (type.asInt() != 0) {
                return "categorical splits";
            }
        }
        JsonNode left = tree.path("left_children");
        JsonNode right = tree.path("right_children");
        for (int n = 0; n < left.size(); n++) {
            int child = left.get(n).asInt();
            if (child != -1 && (right.path(n).asInt() != child + 1 || child <= n)) {
                return "node ids that are not in XGBoost's usual order (children after parents, right = left + 1)";
            }
        }
        return null;
    }

    private static int numGroups(JsonNode learner, String source) {
        return Math.max(1, intParam(learner.path("learner_model_param").path("num_class"), "num_class", source));
    }

    /** Trees to evaluate: all, or those up to best_iteration (iteration_indptr where XGBoost ≥ 2 writes it). */
    private static int treeCount(JsonNode model, Header header, boolean useBestIteration, int groups, String source) {
        int all = model.path("trees").size();
        if (!useBestIteration || header.bestIteration() < 0) {
            return all;
        }
        int rounds = header.bestIteration() + 1;
        JsonNode indptr = model.path("iteration_indptr");
        if (indptr.isArray() && indptr.size() > rounds) {
            return indptr.get(rounds).asInt();
        }
        int parallel = Math.max(1, intParam(model.path("gbtree_model_param").path("num_parallel_tree"),
                "num_parallel_tree", source));
        return (int) Math.min(all, (long) rounds * parallel * groups);
    }

    /**
     * The margin each output group starts from. XGBoost before 3.1 writes one number ({@code "5E-1"}); 3.1 and later
     * write a list ({@code "[5E-1]"}, or one value per class such as {@code "[-3.9E-2,1.9E-1,-1.5E-1]"}). A single
     * value applies to every group. Values are in prediction space and go through the objective's link.
     */
    static float[] baseMargins(JsonNode learner, Header header, int groups, String source) {
        String text = required(learner.path("learner_model_param").path("base_score"), "base_score", source).asText()
                .trim();
        boolean list = text.startsWith("[") && text.endsWith("]");
        String[] items = (list ? text.substring(1, text.length() - 1) : text).split(",", -1);
        if (items.length != 1 && items.length != groups) {
            throw CapstanException.invalid("%s: base_score must have 1 value or one per output group (%d), found %d "
                    + "in '%s'", source, groups, items.length, text);
        }
        Objective objective = Objective.of(header.objective()).orElseThrow();
        float[] margins = new float[groups];
        for (int g = 0; g < groups; g++) {
            margins[g] = objective.baseMargin(parseFloat(items[items.length == 1 ? 0 : g], text, source));
        }
        return margins;
    }

    private static float parseFloat(String item, String text, String source) {
        try {
            return Float.parseFloat(item.trim());
        } catch (NumberFormatException e) {
            throw CapstanException.invalid("%s: base_score must be a number or a list of numbers, found '%s'",
                    source, text);
        }
    }

    static JsonNode required(JsonNode node, String what, String source) {
        if (node.isMissingNode() || node.isNull()) {
            throw CapstanException.invalid("%s is not a valid XGBoost JSON model: '%s' is missing", source, what);
        }
        return node;
    }

    private static int intParam(JsonNode node, String what, String source) {
        try {
            return node.isNumber() ? node.asInt() : Integer.parseInt(required(node, what, source).asText().trim());
        } catch (NumberFormatException e) {
            throw CapstanException.invalid("%s: '%s' must be an integer, found '%s'", source, what, node.asText());
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }
}
