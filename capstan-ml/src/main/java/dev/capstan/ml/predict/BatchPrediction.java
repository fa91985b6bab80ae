package dev.capstan.ml.predict;

import dev.capstan.CapstanException;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.validate.Batch;
import dev.capstan.validate.ColumnBatch;
import dev.capstan.validate.TableSource;
import dev.capstan.validate.TableSources;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Scores a table file of any size in bounded memory: rows are read batch by batch ({@link TableSources}), each batch
 * is checked against the model's signature and predicted, and the output gets every input column followed by the
 * prediction columns ({@link PredictionTables#columns}; one named like an input column is written
 * {@code predicted_<name>}). CSV output is streamed; Parquet output joins the input, read by DuckDB with its types,
 * to the streamed predictions row by row. The output appears only when complete (written aside, then renamed).
 */
public final class BatchPrediction {

    private BatchPrediction() {
    }

    /** Rows scored and where they went. */
    public record Summary(long rows, Path output) {
    }

    /**
     * Scores {@code input} (CSV, TSV, Parquet, JSON lines) into {@code output} ({@code .csv} or {@code .parquet});
     * {@code progress} is told the rows done after each batch.
     */
    public static Summary run(ModelScorer scorer, Path input, Path output, LongConsumer progress) {
        String format = extension(output);
        if (!format.equals("csv") && !format.equals("parquet")) {
            throw CapstanException.invalid("%s: the output must be .csv or .parquet", output);
        }
        Path dir = output.toAbsolutePath().getParent();
        Path written = dir.resolve("." + output.getFileName() + ".tmp");
        Path predictions = format.equals("csv") ? written : dir.resolve("." + output.getFileName() + ".predictions.csv");
        try {
            long rows = score(scorer, input, predictions, format.equals("csv"), progress);
            if (format.equals("parquet")) {
                joinToParquet(input, predictions, written, rows);
            }
            Files.move(written, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Summary(rows, output);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + output, e);
        } finally {
            deleteQuietly(written);
            deleteQuietly(predictions);
        }
    }

    /** About how many rows {@code input} has, for a progress bar: its lines, or a Parquet file's row count. */
    public static long estimateRows(Path input) {
        if (extension(input).equals("parquet")) {
            try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                 PreparedStatement count = db.prepareStatement("SELECT count(*) FROM read_parquet(?)")) {
                count.setString(1, input.toAbsolutePath().toString());
                try (ResultSet rs = count.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0;
                }
            } catch (SQLException e) {
                return 0;
            }
        }
        long lines = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(input)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    lines += buffer[i] == '\n' ? 1 : 0;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return extension(input).matches("csv|tsv") ? Math.max(0, lines - 1) : lines;
    }

    private static long score(ModelScorer scorer, Path input, Path out, boolean withInput, LongConsumer progress)
            throws IOException {
        long rows = 0;
        List<String> header = null;
        try (TableSource source = TableSources.open(input);
             Writer writer = new BufferedWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
            for (Batch batch = source.next(); batch != null; batch = source.next()) {
                Map<String, Object[]> predicted = named(source.columns(), PredictionTables.columns(
                        scorer.score(columns(batch))));
                if (header == null) {
                    header = new ArrayList<>(withInput ? source.columns() : List.of());
                    header.addAll(predicted.keySet());
                    writeRow(writer, header.toArray());
                } else if (!header.subList(header.size() - predicted.size(), header.size())
                        .equals(List.copyOf(predicted.keySet()))) {
                    throw CapstanException.invalid("%s, rows from %d: the model's outputs changed shape to %s",
                            input, batch.firstRow() + 1, predicted.keySet());
                }
                write(writer, withInput ? batch : null, predicted, batch.size());
                rows += batch.size();
                progress.accept(rows);
            }
        }
        return rows;
    }

    /** Prediction columns, renamed {@code predicted_<name>} where an input column has the name. */
    private static Map<String, Object[]> named(List<String> inputColumns, Map<String, Object[]> predicted) {
        Map<String, Object[]> named = new LinkedHashMap<>();
        predicted.forEach((name, values) -> named.put(inputColumns.contains(name) ? "predicted_" + name : name,
                values));
        return named;
    }

    /** A batch's columns: numbers (and blanks) as {@code double[]} with NaN for missing, others as they are. */
    private static ColumnarBatch columns(Batch batch) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (ColumnBatch column : batch.columns()) {
            columns.put(column.name(), numbersWherePossible(column.values(), batch.size()));
        }
        return new ColumnarBatch(columns, batch.size());
    }

    private static Object numbersWherePossible(Object[] values, int rows) {
        double[] numbers = new double[rows];
        Object[] kept = new Object[rows];
        boolean numeric = true;
        for (int i = 0; i < rows; i++) {
            Object v = values[i] instanceof String s && s.isBlank() ? null : values[i];
            kept[i] = v;
            if (v == null) {
                numbers[i] = Double.NaN;
            } else if (v instanceof Number n && !(v instanceof Long l && Math.abs(l) > (1L << 53))) {
                numbers[i] = n.doubleValue();
            } else if (numeric && v instanceof String s) {
                try {
                    numbers[i] = Double.parseDouble(s.strip());
                } catch (NumberFormatException e) {
                    numeric = false;
                }
            } else {
                numeric = false;
            }
        }
        return numeric ? numbers : kept;
    }

    private static void write(Writer out, Batch batch, Map<String, Object[]> predicted, int rows) throws IOException {
        List<Object[]> outputs = List.copyOf(predicted.values());
        int inputs = batch == null ? 0 : batch.columns().size();
        Object[] row = new Object[inputs + outputs.size()];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < inputs; c++) {
                row[c] = batch.columns().get(c).values()[r];
            }
            for (int c = 0; c < outputs.size(); c++) {
                row[inputs + c] = outputs.get(c)[r];
            }
            writeRow(out, row);
        }
    }

    private static void writeRow(Writer out, Object[] cells) throws IOException {
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                out.write(',');
            }
            out.write(cell(cells[c]));
        }
        out.write('\n');
    }

    private static String cell(Object value) {
        if (value == null || value instanceof Double d && d.isNaN() || value instanceof Float f && f.isNaN()) {
            return "";
        }
        String text = String.valueOf(value);
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    /** The input (read by DuckDB, with its types) and the predictions, side by side, into a Parquet file. */
    private static void joinToParquet(Path input, Path predictions, Path parquet, long rows) {
        String reader = switch (extension(input)) {
            case "parquet" -> "read_parquet(" + literal(input) + ")";
            case "tsv" -> "read_csv(" + literal(input) + ", header = true, delim = '\t')";
            case "csv" -> "read_csv(" + literal(input) + ", header = true)";
            default -> "read_json_auto(" + literal(input) + ", format = 'newline_delimited')";
        };
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
            try (ResultSet count = sql.executeQuery("SELECT count(*) FROM " + reader)) {
                count.next();
                if (count.getLong(1) != rows) {
                    throw CapstanException.invalid("%s: DuckDB reads %d rows where Capstan scored %d (blank or "
                            + "malformed lines?); write .csv output instead", input, count.getLong(1), rows);
                }
            }
            sql.execute("COPY (SELECT * FROM " + reader + " POSITIONAL JOIN read_csv(" + literal(predictions)
                    + ", header = true)) TO " + literal(parquet) + " (FORMAT PARQUET)");
        } catch (SQLException e) {
            throw CapstanException.invalid("%s: cannot write Parquet: %s", parquet, e.getMessage().lines()
                    .findFirst().orElse(""));
        }
    }

    private static String literal(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file left behind is harmless
        }
    }
}
