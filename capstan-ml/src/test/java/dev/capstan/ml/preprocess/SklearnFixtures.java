package dev.capstan.ml.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * The scikit-learn reference fixtures in {@code src/test/resources/preprocess/fixtures.json}, written by
 * {@code make_fixtures.py} next to it: input tables, and per case the steps, sklearn's fitted parameters, feature
 * names and float64 outputs.
 */
final class SklearnFixtures {

    static final JsonNode ROOT = load();

    private SklearnFixtures() {
    }

    static List<JsonNode> cases() {
        return StreamSupport.stream(ROOT.get("cases").spliterator(), false).toList();
    }

    static JsonNode caseNamed(String name) {
        return cases().stream().filter(c -> c.get("name").asText().equals(name)).findFirst().orElseThrow();
    }

    /** The named columns of the "train" or "test" table; JSON null is missing, integers are Longs. */
    static Frame frame(String table, List<String> columns) {
        Map<String, Object[]> values = new LinkedHashMap<>();
        for (String c : columns) {
            JsonNode column = ROOT.get(table).get(c);
            Object[] cells = new Object[column.size()];
            for (int r = 0; r < cells.length; r++) {
                cells[r] = value(column.get(r));
            }
            values.put(c, cells);
        }
        return Frame.of(values);
    }

    static Frame frame(String table, JsonNode testCase) {
        return frame(table, strings(testCase.get("columns")));
    }

    /** Row {@code r} of a frame as a map, for {@code transformRow}. */
    static Map<String, Object> row(Frame frame, int r) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int c = 0; c < frame.names().size(); c++) {
            row.put(frame.names().get(c), frame.value(c, r));
        }
        return row;
    }

    static double[] target(JsonNode testCase) {
        JsonNode kind = testCase.get("target");
        if (kind.isNull()) {
            return null;
        }
        return doubles(ROOT.get(kind.asText().equals("class") ? "label" : "y_reg"));
    }

    @SuppressWarnings("unchecked")
    static List<Step> steps(JsonNode testCase) {
        return PreprocessSpec.parse(Json.MAPPER.convertValue(testCase.get("steps"), List.class));
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).doubleValue();
        }
        return out;
    }

    /** sklearn's float64 output cast to float32, row-major. */
    static float[] float32(JsonNode rows) {
        int width = rows.size() == 0 ? 0 : rows.get(0).size();
        float[] out = new float[rows.size() * width];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < width; c++) {
                out[r * width + c] = (float) rows.get(r).get(c).doubleValue();
            }
        }
        return out;
    }

    private static Object value(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isIntegralNumber() ? (Object) node.longValue() : (Object) node.doubleValue();
    }

    private static JsonNode load() {
        try (InputStream in = SklearnFixtures.class.getResourceAsStream("/preprocess/fixtures.json")) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
