package dev.capstan.cli.internal;

import dev.capstan.CapstanException;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.predict.BatchFiles;

import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads feedback files (CSV, or Parquet / JSON lines by extension): a {@code request_id} column, a {@code label}
 * and/or {@code value} column, and optionally {@code row} for multi-row requests. A row with no request id, with
 * neither a label nor a value, or with a value that is not a number is an error naming the file and line.
 */
public final class FeedbackFiles {

    private FeedbackFiles() {
    }

    /** The file's answers as {@code /v2/feedback} and A/B feedback take them. */
    public static List<Map<String, Object>> read(Path file) {
        if (!Files.exists(file)) {
            throw CapstanException.invalid("Feedback file %s does not exist", file);
        }
        ColumnarBatch batch = BatchFiles.read(file);
        if (!batch.has("request_id") || !batch.has("label") && !batch.has("value")) {
            throw CapstanException.invalid("%s: expected a request_id column and a label or value column, found %s",
                    file, batch.columns().keySet());
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (int r = 0; r < batch.rowCount(); r++) {
            String where = file + " line " + (r + 2);
            Map<String, Object> item = new LinkedHashMap<>();
            String id = text(batch.column("request_id"), r);
            if (id == null || id.isBlank()) {
                throw CapstanException.invalid("%s: request_id is empty", where);
            }
            item.put("request_id", id);
            String label = batch.has("label") ? text(batch.column("label"), r) : null;
            Object value = batch.has("value") ? Array.get(batch.column("value"), r) : null;
            if (value instanceof Double d && d.isNaN() || value instanceof String s && s.isBlank()) {
                value = null;
            }
            if (value != null && !(value instanceof Number)) {
                throw CapstanException.invalid("%s: value: expected a number, found '%s'", where, value);
            }
            if ((label == null || label.isBlank()) && value == null) {
                throw CapstanException.invalid("%s: request %s has neither a label nor a value", where, id);
            }
            item.put("label", label == null || label.isBlank() ? null : label);
            item.put("value", value);
            if (batch.has("row")) {
                item.put("row", row(batch.column("row"), r, where));
            }
            items.add(item);
        }
        return items;
    }

    private static int row(Object column, int r, String where) {
        Object v = Array.get(column, r);
        if (v instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() == Math.rint(n.doubleValue())
                && n.doubleValue() <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw CapstanException.invalid("%s: row: expected a non-negative integer, found '%s'", where, v);
    }

    /** A cell as text: numbers without a trailing ".0" (labels 0 and 1 read back as 0 and 1). */
    private static String text(Object column, int row) {
        Object v = Array.get(column, row);
        if (v instanceof Double d) {
            return d.isNaN() ? null : d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue())
                    : d.toString();
        }
        return v == null ? null : v.toString();
    }
}
