package dev.capstan.cli.deploy;

import dev.capstan.CapstanException;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.predict.BatchFiles;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads A/B feedback files: CSV with {@code request_id} and {@code label} and/or {@code value} columns. */
final class FeedbackFiles {

    private FeedbackFiles() {
    }

    static List<Map<String, Object>> read(Path file) {
        ColumnarBatch batch;
        try (Reader reader = Files.newBufferedReader(file)) {
            batch = BatchFiles.readCsv(reader, file.toString());
        } catch (NoSuchFileException e) {
            throw CapstanException.invalid("Feedback file %s does not exist", file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!batch.has("request_id") || !batch.has("label") && !batch.has("value")) {
            throw CapstanException.invalid("%s: expected a request_id column and a label or value column, found %s",
                    file, batch.columns().keySet());
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (int r = 0; r < batch.rowCount(); r++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("request_id", text(batch.column("request_id"), r));
            if (batch.has("label")) {
                item.put("label", text(batch.column("label"), r));
            }
            if (batch.has("value")) {
                Object v = Array.get(batch.column("value"), r);
                item.put("value", v instanceof Double d && d.isNaN() ? null : v);
            }
            items.add(item);
        }
        return items;
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
