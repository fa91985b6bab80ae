package dev.capstan.ml.preprocess.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.capstan.Json;
import dev.capstan.ml.preprocess.Step;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a fitted pipeline as the versioned {@code capstan-preprocessing} JSON spec. Doubles are written so that
 * they read back bit-identical (non-finite ones as the strings {@code "NaN"}, {@code "Infinity"}); keys and
 * lines come in a fixed order, so the same pipeline always gives the same bytes.
 */
public final class SpecWriter {

    public static final String FORMAT = "capstan-preprocessing";
    public static final int VERSION = 1;

    private static final ObjectWriter WRITER = Json.MAPPER.writer(
            new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(DefaultPrettyPrinter.FixedSpaceIndenter.instance));

    private SpecWriter() {
    }

    public static String write(FittedPipeline pipeline, List<String> featureNames) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        strings(root.putArray("input_columns"), pipeline.inputColumns());
        ArrayNode steps = root.putArray("steps");
        pipeline.steps().forEach(s -> steps.add(step(s)));
        strings(root.putArray("feature_names"), featureNames);
        try {
            return WRITER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode step(FittedStep fitted) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("step", fitted.step().name());
        if (fitted instanceof FittedStep.Impute s) {
            impute(node, s);
        } else if (fitted instanceof FittedStep.Standard s) {
            node.put("method", "standard");
            strings(node.putArray("columns"), s.columns());
            doubles(node.putArray("mean"), s.mean());
            doubles(node.putArray("var"), s.var());
            doubles(node.putArray("scale"), s.scale());
            ArrayNode seen = node.putArray("n_samples_seen");
            for (long n : s.samplesSeen()) {
                seen.add(n);
            }
        } else if (fitted instanceof FittedStep.MinMax s) {
            node.put("method", "minmax");
            strings(node.putArray("columns"), s.columns());
            doubles(node.putArray("data_min"), s.dataMin());
            doubles(node.putArray("data_max"), s.dataMax());
            doubles(node.putArray("scale"), s.scale());
            doubles(node.putArray("min"), s.min());
        } else if (fitted instanceof FittedStep.OneHot s) {
            oneHot(node, s);
        } else {
            select(node, (FittedStep.Select) fitted);
        }
        return node;
    }

    private static void impute(ObjectNode node, FittedStep.Impute s) {
        node.put("strategy", Step.keyword(s.step().strategy()));
        if (s.step().fillValue() != null) {
            node.set("fill_value", Json.MAPPER.valueToTree(s.step().fillValue()));
        }
        strings(node.putArray("columns"), s.columns());
        ArrayNode statistics = node.putArray("statistics");
        for (Object statistic : s.statistics()) {
            if (statistic instanceof String text) {
                statistics.add(text);
            } else {
                statistics.add((Double) statistic);
            }
        }
    }

    private static void oneHot(ObjectNode node, FittedStep.OneHot s) {
        node.put("handle_unknown", Step.keyword(s.step().handleUnknown()));
        strings(node.putArray("columns"), s.columns());
        ArrayNode categories = node.putArray("categories");
        for (Categories c : s.categories()) {
            ObjectNode entry = categories.addObject();
            entry.put("kind", Step.keyword(c.kind()));
            entry.set("values", Json.MAPPER.valueToTree(c.values()));
            entry.put("missing", c.hasMissing());
        }
    }

    private static void select(ObjectNode node, FittedStep.Select s) {
        node.put("score", Step.keyword(s.step().score()));
        node.put("k", s.step().k());
        doubles(node.putArray("scores"), s.scores());
        ArrayNode selected = node.putArray("selected");
        for (int i : s.selected()) {
            selected.add(i);
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static void doubles(ArrayNode array, double[] values) {
        for (double v : values) {
            array.add(v);
        }
    }
}
