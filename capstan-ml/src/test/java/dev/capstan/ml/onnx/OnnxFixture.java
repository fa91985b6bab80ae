package dev.capstan.ml.onnx;

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
 * A generated ONNX fixture under {@code src/test/resources/models}: the model directory, the input rows of
 * {@code rows.csv} as a batch of {@code double[]} columns, and torch's outputs from {@code expected.json}.
 */
record OnnxFixture(Path modelDir, ColumnarBatch rows, String inputName, Map<String, double[][]> expected) {

    static OnnxFixture load(String name) {
        Path root = resource("models/" + name);
        JsonNode expected = readJson(root.resolve("expected.json"));
        Map<String, double[][]> outputs = new LinkedHashMap<>();
        expected.get("outputs").properties().forEach(e -> outputs.put(e.getKey(), matrix(e.getValue())));
        return new OnnxFixture(root.resolve("model"), readCsv(root.resolve("rows.csv")),
                expected.get("input_name").asText(), outputs);
    }

    /** Row {@code r} alone, as a one-row batch with the same columns. */
    ColumnarBatch row(int r) {
        Map<String, Object> columns = new LinkedHashMap<>();
        rows.columns().forEach((name, values) -> columns.put(name, new double[] {((double[]) values)[r]}));
        return new ColumnarBatch(columns, 1);
    }

    /** The rows as one {@code float[][]} column named like the ONNX input. */
    ColumnarBatch asRowArrays() {
        List<Object> columns = List.copyOf(rows.columns().values());
        float[][] cells = new float[rows.rowCount()][columns.size()];
        for (int r = 0; r < cells.length; r++) {
            for (int c = 0; c < columns.size(); c++) {
                cells[r][c] = (float) ((double[]) columns.get(c))[r];
            }
        }
        return new ColumnarBatch(Map.of(inputName, cells), cells.length);
    }

    private static ColumnarBatch readCsv(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            String[] header = lines.get(0).split(",", -1);
            int rows = lines.size() - 1;
            double[][] columns = new double[header.length][rows];
            for (int r = 0; r < rows; r++) {
                String[] cells = lines.get(r + 1).split(",", -1);
                for (int c = 0; c < header.length; c++) {
                    columns[c][r] = cells[c].isEmpty() ? Double.NaN : Double.parseDouble(cells[c]);
                }
            }
            Map<String, Object> batch = new LinkedHashMap<>();
            for (int c = 0; c < header.length; c++) {
                batch.put(header[c], columns[c]);
            }
            return new ColumnarBatch(batch, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double[][] matrix(JsonNode rows) {
        double[][] out = new double[rows.size()][];
        for (int r = 0; r < out.length; r++) {
            JsonNode row = rows.get(r);
            out[r] = new double[row.size()];
            for (int c = 0; c < row.size(); c++) {
                out[r][c] = row.get(c).asDouble();
            }
        }
        return out;
    }

    private static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(Objects.requireNonNull(OnnxFixture.class.getClassLoader().getResource(name), name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
