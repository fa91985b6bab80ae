package dev.capstan.ml.xgboost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.ml.ColumnarBatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A fixture under {@code src/test/resources/models/<name>}: the MLflow model directory, its input rows and the
 * outputs Python XGBoost produced for them.
 */
public record XgbFixture(String name, Path modelDir, ColumnarBatch rows, JsonNode expected) {

    public static XgbFixture load(String name) {
        Path root = resource("models/" + name);
        JsonNode expected = readJson(root.resolve("expected.json"));
        return new XgbFixture(name, root.resolve("model"), readCsv(root.resolve("rows.csv"), expected), expected);
    }

    /** Row {@code r} alone, as a one-row batch. */
    public ColumnarBatch row(int r) {
        Map<String, Object> columns = new LinkedHashMap<>();
        rows.columns().forEach((name, values) -> columns.put(name, new double[] {((double[]) values)[r]}));
        return new ColumnarBatch(columns, 1);
    }

    /** Numbers parse as double; an empty cell is NaN; category names become their code in expected.json. */
    private static ColumnarBatch readCsv(Path csv, JsonNode expected) {
        List<String> lines = readLines(csv);
        String[] header = lines.get(0).split(",", -1);
        int rows = lines.size() - 1;
        double[][] columns = new double[header.length][rows];
        for (int r = 0; r < rows; r++) {
            String[] cells = lines.get(r + 1).split(",", -1);
            for (int c = 0; c < header.length; c++) {
                columns[c][r] = cell(cells[c], expected.path("categories").path(header[c]));
            }
        }
        Map<String, Object> batch = new LinkedHashMap<>();
        for (int c = 0; c < header.length; c++) {
            batch.put(header[c], columns[c]);
        }
        return new ColumnarBatch(batch, rows);
    }

    private static double cell(String text, JsonNode categories) {
        if (text.isEmpty()) {
            return Double.NaN;
        }
        if (!categories.isArray()) {
            return Double.parseDouble(text);
        }
        for (int code = 0; code < categories.size(); code++) {
            if (categories.get(code).asText().equals(text)) {
                return code;
            }
        }
        throw new IllegalArgumentException("unknown category " + text);
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(Objects.requireNonNull(XgbFixture.class.getClassLoader().getResource(name), name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
