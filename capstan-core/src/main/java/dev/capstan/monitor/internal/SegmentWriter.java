package dev.capstan.monitor.internal;

import dev.capstan.monitor.LoggedValues;
import dev.capstan.monitor.PredictionLog;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * Writes prediction log segments: rows into a DuckDB table through its appender, then the table to a Parquet file
 * whose columns take the logged names. A row's numbers go in as one fixed-size {@code DOUBLE[n]} array, copied in
 * bulk, and the {@code COPY}'s projection splits them into columns inside DuckDB: the appender's checks cost about
 * 25 ns per call, so one call per row instead of one per value makes a row of 38 columns about 1.9 µs, Parquet
 * included. One in-memory database, on one thread so that serving keeps the other cores, stays open for the
 * writer's life. Not thread-safe: the log calls it under its lock.
 */
public final class SegmentWriter implements AutoCloseable {

    private Connection db;

    /** Writes the entries, which share one layout, to {@code file}. */
    public void write(List<PredictionLog.Entry> entries, Path file) throws SQLException {
        LoggedValues.Layout layout = entries.get(0).values().layout();
        try (Statement sql = connection().createStatement()) {
            sql.execute("CREATE OR REPLACE TABLE segment (" + ddl(layout) + ")");
            try (DuckDBAppender appender = ((DuckDBConnection) db).createAppender(DuckDBConnection.DEFAULT_SCHEMA,
                    "segment")) {
                for (PredictionLog.Entry entry : entries) {
                    append(appender, entry);
                }
            }
            sql.execute("COPY (SELECT " + projection(layout) + " FROM segment) TO '"
                    + file.toAbsolutePath().toString().replace("'", "''") + "' (FORMAT PARQUET)");
            sql.execute("DROP TABLE segment");
        }
    }

    private static void append(DuckDBAppender a, PredictionLog.Entry entry) throws SQLException {
        LoggedValues values = entry.values();
        int numbers = values.layout().numericCount();
        int texts = values.layout().columns().size() - numbers;
        for (int r = 0; r < values.rows(); r++) {
            a.beginRow();
            a.append(entry.requestId());
            a.appendEpochMicros(entry.timeMillis() * 1000);
            a.append(entry.variant());
            a.append(entry.latencyMillis());
            a.append(r);
            if (numbers > 0) {
                appendNumbers(a, values.rows() == 1 ? values.numbers()
                        : Arrays.copyOfRange(values.numbers(), r * numbers, (r + 1) * numbers));
            }
            for (int t = 0; t < texts; t++) {
                String text = values.texts()[r * texts + t];
                if (text == null) {
                    a.appendNull();
                } else {
                    a.append(text);
                }
            }
            a.endRow();
        }
    }

    /** A row's numbers as one fixed-size array, copied in bulk; NaN values are appended as nulls. */
    private static void appendNumbers(DuckDBAppender a, double[] numbers) throws SQLException {
        boolean[] missing = null;
        for (int k = 0; k < numbers.length; k++) {
            if (Double.isNaN(numbers[k])) {
                missing = missing == null ? new boolean[numbers.length] : missing;
                missing[k] = true;
            }
        }
        if (missing == null) {
            a.append(numbers);
        } else {
            a.append(numbers, missing);
        }
    }

    private static String ddl(LoggedValues.Layout layout) {
        StringBuilder ddl = new StringBuilder("request_id VARCHAR, time TIMESTAMP, variant VARCHAR, latency_ms DOUBLE, "
                + "\"row\" INTEGER");
        if (layout.numericCount() > 0) {
            ddl.append(", numbers DOUBLE[").append(layout.numericCount()).append(']');
        }
        for (int t = 0; t < layout.columns().size() - layout.numericCount(); t++) {
            ddl.append(", text_").append(t).append(" VARCHAR");
        }
        return ddl.toString();
    }

    /** The Parquet file's columns: the base ones, then every logged column under its name, in order. */
    private static String projection(LoggedValues.Layout layout) {
        StringBuilder select = new StringBuilder("request_id, time, variant, latency_ms, \"row\"");
        int n = 0;
        int t = 0;
        for (int c = 0; c < layout.columns().size(); c++) {
            String value = layout.numeric(c) ? "numbers[" + ++n + "]" : "text_" + t++;
            select.append(", ").append(value).append(" AS \"")
                    .append(layout.columns().get(c).replace("\"", "\"\"")).append('"');
        }
        return select.toString();
    }

    private Connection connection() throws SQLException {
        if (db == null) {
            db = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement sql = db.createStatement()) {
                sql.execute("SET threads TO 1");
            }
        }
        return db;
    }

    @Override
    public void close() throws SQLException {
        if (db != null) {
            db.close();
            db = null;
        }
    }
}
