package dev.capstan.ml.preprocess.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;
import dev.capstan.Json;
import dev.capstan.ml.preprocess.Step;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the {@code capstan-preprocessing} JSON spec that {@link SpecWriter} writes, refusing an unknown format or
 * version and any malformed field with a message that names it ({@code steps[1].mean: ...}).
 */
public final class SpecReader {

    private SpecReader() {
    }

    /** The pipeline and its feature names, as saved. */
    public record Spec(FittedPipeline pipeline, List<String> featureNames) {
    }

    public static Spec read(String json) {
        JsonNode root = parse(json);
        String format = root.path("format").asText("");
        if (!SpecWriter.FORMAT.equals(format)) {
            throw malformed("format: expected '%s', found %s", SpecWriter.FORMAT, root.get("format"));
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isInt() || version.intValue() != SpecWriter.VERSION) {
            throw CapstanException.invalid("Unsupported capstan-preprocessing version %s;"
                    + " this Capstan reads version %d", version, SpecWriter.VERSION);
        }
        List<String> inputs = SpecFields.strings(root, "input_columns", "");
        List<FittedStep> steps = new ArrayList<>();
        JsonNode stepNodes = SpecFields.array(root, "steps", "");
        for (int i = 0; i < stepNodes.size(); i++) {
            steps.add(step(stepNodes.get(i), "steps[" + i + "]"));
        }
        return new Spec(new FittedPipeline(inputs, steps), SpecFields.strings(root, "feature_names", ""));
    }

    static CapstanException malformed(String format, Object... args) {
        return CapstanException.invalid("Malformed preprocessing spec: " + format, args);
    }

    private static JsonNode parse(String json) {
        try {
            JsonNode root = Json.MAPPER.readTree(json);
            if (root == null || !root.isObject()) {
                throw malformed("expected a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw malformed("not JSON (%s)", e.getOriginalMessage());
        }
    }

    private static FittedStep step(JsonNode node, String where) {
        if (!node.isObject()) {
            throw malformed("%s: expected an object", where);
        }
        String name = SpecFields.text(node, "step", where);
        Map<String, Function<JsonNode, FittedStep>> readers = Map.of(
                "impute", n -> impute(n, where),
                "scale", n -> scale(n, where),
                "one_hot", n -> oneHot(n, where),
                "select_k_best", n -> select(n, where));
        Function<JsonNode, FittedStep> reader = readers.get(name);
        if (reader == null) {
            throw malformed("%s.step: unknown step '%s'", where, name);
        }
        try {
            return reader.apply(node);
        } catch (CapstanException e) {
            throw e.getMessage().startsWith("Malformed") ? e : malformed("%s: %s", where, e.getMessage());
        }
    }

    private static FittedStep impute(JsonNode node, String where) {
        Step.Impute.Strategy strategy = SpecFields.choice(node, "strategy", Step.Impute.Strategy.class, where);
        JsonNode fill = node.get("fill_value");
        Object fillValue = fill == null ? null : fill.isTextual() ? fill.textValue()
                : fill.isIntegralNumber() ? (Object) fill.longValue()
                : (Object) SpecFields.number(fill, where + ".fill_value");
        List<String> columns = SpecFields.strings(node, "columns", where);
        JsonNode stats = SpecFields.array(node, "statistics", where);
        SpecFields.checkSize(stats.size(), columns.size(), where + ".statistics");
        List<Object> statistics = new ArrayList<>();
        for (JsonNode s : stats) {
            statistics.add(s.isTextual() ? s.textValue() : (Object) SpecFields.number(s, where + ".statistics"));
        }
        return new FittedStep.Impute(new Step.Impute(columns, strategy, fillValue), statistics);
    }

    private static FittedStep scale(JsonNode node, String where) {
        Step.Scale.Method method = SpecFields.choice(node, "method", Step.Scale.Method.class, where);
        List<String> columns = SpecFields.strings(node, "columns", where);
        Step.Scale step = new Step.Scale(columns, method);
        int n = columns.size();
        if (method == Step.Scale.Method.STANDARD) {
            return new FittedStep.Standard(step, SpecFields.doubles(node, "mean", n, where),
                    SpecFields.doubles(node, "var", n, where), SpecFields.doubles(node, "scale", n, where),
                    SpecFields.longs(node, "n_samples_seen", n, where));
        }
        return new FittedStep.MinMax(step, SpecFields.doubles(node, "data_min", n, where),
                SpecFields.doubles(node, "data_max", n, where), SpecFields.doubles(node, "scale", n, where),
                SpecFields.doubles(node, "min", n, where));
    }

    private static FittedStep oneHot(JsonNode node, String where) {
        Step.OneHot.HandleUnknown unknown =
                SpecFields.choice(node, "handle_unknown", Step.OneHot.HandleUnknown.class, where);
        List<String> columns = SpecFields.strings(node, "columns", where);
        JsonNode entries = SpecFields.array(node, "categories", where);
        SpecFields.checkSize(entries.size(), columns.size(), where + ".categories");
        List<Categories> categories = new ArrayList<>();
        for (int j = 0; j < entries.size(); j++) {
            categories.add(categories(entries.get(j), where + ".categories[" + j + "]"));
        }
        return new FittedStep.OneHot(new Step.OneHot(columns, unknown), categories);
    }

    private static Categories categories(JsonNode node, String where) {
        ValueKind kind = SpecFields.choice(node, "kind", ValueKind.class, where);
        if (kind == ValueKind.MIXED) {
            throw malformed("%s.kind: mixed is not a category kind", where);
        }
        JsonNode values = SpecFields.array(node, "values", where);
        List<Object> list = new ArrayList<>();
        for (JsonNode v : values) {
            list.add(categoryValue(v, kind, where + ".values"));
        }
        JsonNode missing = node.get("missing");
        if (missing == null || !missing.isBoolean()) {
            throw malformed("%s.missing: expected true or false, found %s", where, missing);
        }
        try {
            return Categories.of(kind, list, missing.booleanValue());
        } catch (CapstanException e) {
            throw malformed("%s: %s", where, e.getMessage());
        }
    }

    private static Object categoryValue(JsonNode v, ValueKind kind, String where) {
        boolean ok = kind == ValueKind.TEXT ? v.isTextual()
                : kind == ValueKind.BOOLEAN ? v.isBoolean()
                : kind == ValueKind.INTEGER ? v.isIntegralNumber() : v.isNumber() || v.isTextual();
        if (!ok) {
            throw malformed("%s: %s is not a category of kind %s", where, v, Step.keyword(kind));
        }
        return kind == ValueKind.TEXT ? v.textValue() : kind == ValueKind.BOOLEAN ? (Object) v.booleanValue()
                : (Object) SpecFields.number(v, where);
    }

    private static FittedStep select(JsonNode node, String where) {
        Step.SelectKBest.Score score = SpecFields.choice(node, "score", Step.SelectKBest.Score.class, where);
        JsonNode k = node.get("k");
        if (k == null || !k.isInt()) {
            throw malformed("%s.k: expected a whole number, found %s", where, k);
        }
        Step.SelectKBest step = new Step.SelectKBest(k.intValue(), score);
        double[] scores = SpecFields.doubles(node, "scores", -1, where);
        long[] selected = SpecFields.longs(node, "selected", k.intValue(), where);
        return new FittedStep.Select(step, scores, Arrays.stream(selected).mapToInt(Math::toIntExact).toArray());
    }
}
