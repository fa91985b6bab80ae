package dev.capstan.ml.evaluate;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A case written by {@code src/test/resources/evaluate/make_fixtures.py}: inputs and what scikit-learn computed for
 * them. JSON numbers are Python {@code repr}s, so they parse back to the exact doubles; NaN and Infinity are
 * written as bare tokens.
 */
record SklearnFixture(String name, JsonNode json) {

    static final double RELATIVE_TOLERANCE = 1e-12;

    private static final JsonMapper MAPPER =
            JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    static SklearnFixture load(String name) {
        String resource = "evaluate/" + name + ".json";
        try (InputStream in = SklearnFixture.class.getClassLoader().getResourceAsStream(resource)) {
            return new SklearnFixture(name, MAPPER.readTree(Objects.requireNonNull(in, resource)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> labels() {
        return StreamSupport.stream(json.get("labels").spliterator(), false).map(JsonNode::asText).toList();
    }

    int[] ints(String field) {
        return StreamSupport.stream(json.get(field).spliterator(), false).mapToInt(JsonNode::asInt).toArray();
    }

    double[] doubles(String... path) {
        return doubles(at(path));
    }

    double[][] probabilities() {
        return StreamSupport.stream(json.get("probabilities").spliterator(), false)
                .map(SklearnFixture::doubles).toArray(double[][]::new);
    }

    int[][] confusionMatrix() {
        return StreamSupport.stream(json.get("confusion_matrix").spliterator(), false)
                .map(row -> StreamSupport.stream(row.spliterator(), false).mapToInt(JsonNode::asInt).toArray())
                .toArray(int[][]::new);
    }

    boolean has(String field) {
        return json.has(field);
    }

    Map<String, Double> metrics() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        json.get("metrics").properties().forEach(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
        return metrics;
    }

    /** The same metric names, and each value within {@link #RELATIVE_TOLERANCE} of scikit-learn's. */
    void assertMetrics(Map<String, Double> actual) {
        Map<String, Double> expected = metrics();
        assertThat(actual.keySet()).as(name + " metric names").containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((metric, value) -> assertThat(actual.get(metric)).as(name + " " + metric)
                .isCloseTo(value, within(Math.abs(value) * RELATIVE_TOLERANCE)));
    }

    private JsonNode at(String... path) {
        JsonNode node = json;
        for (String field : path) {
            node = node.get(field);
        }
        return node;
    }

    private static double[] doubles(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToDouble(JsonNode::asDouble).toArray();
    }
}
