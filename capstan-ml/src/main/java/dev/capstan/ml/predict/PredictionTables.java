package dev.capstan.ml.predict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link Predictions} as a table with one column per scalar output: {@code label}, {@code probability_<i>} for each
 * class of {@code probabilities}, {@code prediction}, and {@code <output>_<i>} for other outputs with several values
 * per row (e.g. an ONNX model's {@code float[][]}). Also the rows of MLflow's {@code {"predictions": [...]}}.
 */
public final class PredictionTables {

    private static final List<String> CONVENTIONAL = List.of(Predictions.LABEL, Predictions.PROBABILITIES,
            Predictions.PREDICTION);

    private PredictionTables() {
    }

    /** The outputs in a stable order: label, probabilities, prediction, then the others by name. */
    public static Map<String, Object> orderedOutputs(Predictions predictions) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String name : CONVENTIONAL) {
            Object values = predictions.outputs().get(name);
            if (values != null) {
                ordered.put(name, values);
            }
        }
        if (ordered.size() < predictions.outputs().size()) {
            new TreeMap<>(predictions.outputs()).forEach(ordered::putIfAbsent);
        }
        return ordered;
    }

    /** The table's columns, in order, each with one value per row ({@code Number}, {@code String}, ... or null). */
    public static Map<String, Object[]> columns(Predictions predictions) {
        int rows = predictions.rowCount();
        Map<String, Object[]> columns = new LinkedHashMap<>();
        orderedOutputs(predictions).forEach((name, values) -> {
            if (isMatrix(values)) {
                int width = 0;
                for (int r = 0; r < rows; r++) {
                    Object row = Array.get(values, r);
                    width = Math.max(width, row == null ? 0 : Array.getLength(row));
                }
                String prefix = name.equals(Predictions.PROBABILITIES) ? "probability_" : name + "_";
                for (int i = 0; i < width; i++) {
                    Object[] column = new Object[rows];
                    for (int r = 0; r < rows; r++) {
                        Object row = Array.get(values, r);
                        column[r] = row != null && i < Array.getLength(row) ? Array.get(row, i) : null;
                    }
                    columns.put(prefix + i, column);
                }
            } else {
                Object[] column = new Object[rows];
                for (int r = 0; r < rows; r++) {
                    column[r] = Array.get(values, r);
                }
                columns.put(name, column);
            }
        });
        return columns;
    }

    /**
     * MLflow's {@code predictions} list: the values of the only output, one per row, or one record per row keyed by
     * output name when there are several outputs.
     */
    public static List<Object> jsonRows(Predictions predictions) {
        Map<String, Object> outputs = orderedOutputs(predictions);
        List<Object> rows = new ArrayList<>(predictions.rowCount());
        for (int r = 0; r < predictions.rowCount(); r++) {
            if (outputs.size() == 1) {
                rows.add(jsonValue(Array.get(outputs.values().iterator().next(), r)));
            } else {
                Map<String, Object> record = new LinkedHashMap<>();
                for (Map.Entry<String, Object> output : outputs.entrySet()) {
                    record.put(output.getKey(), jsonValue(Array.get(output.getValue(), r)));
                }
                rows.add(record);
            }
        }
        return rows;
    }

    /** Writes the table as CSV with a header row; NaN and missing values as empty cells. */
    public static void writeCsv(Predictions predictions, Writer out) {
        Map<String, Object[]> columns = columns(predictions);
        try {
            out.write(String.join(",", columns.keySet().stream().map(PredictionTables::csvCell).toList()));
            out.write('\n');
            List<Object[]> values = List.copyOf(columns.values());
            for (int r = 0; r < predictions.rowCount(); r++) {
                for (int c = 0; c < values.size(); c++) {
                    if (c > 0) {
                        out.write(',');
                    }
                    out.write(csvCell(text(values.get(c)[r])));
                }
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isMatrix(Object values) {
        return values.getClass().isArray() && values.getClass().getComponentType().isArray()
                && values.getClass().getComponentType() != byte[].class;
    }

    /** A row's value as Jackson writes it: arrays as lists, NaN as null. */
    private static Object jsonValue(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Double d && d.isNaN() || value instanceof Float f && f.isNaN()) {
            return null;
        }
        if (value.getClass().isArray() && !(value instanceof byte[])) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                list.add(jsonValue(Array.get(value, i)));
            }
            return list;
        }
        return value;
    }

    private static String text(Object value) {
        if (value == null || value instanceof Double d && d.isNaN() || value instanceof Float f && f.isNaN()) {
            return "";
        }
        return String.valueOf(value);
    }

    private static String csvCell(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
