package dev.capstan.bench;

import dev.capstan.monitor.LoggedValues;
import dev.capstan.monitor.PredictionLog;
import dev.capstan.monitor.internal.SegmentWriter;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Diagnostic for BENCHMARKS.md §10: the prediction log writer's cost per row in one thread, no HTTP, for segments
 * like the serving benchmark's (30 numeric inputs, a label and two probabilities, one row per request) with every
 * request equal (as wrk sends them) and with every value different (as real traffic is). The baseline, in turn with
 * it, writes the same rows as the log did before: DuckDB's Java appender (a row's numbers as one array), then
 * {@code COPY} to Parquet.
 *
 * <p>Arguments (all optional): {@code --rows=40000 --segments=30}.
 */
public final class PredictionLogWriter {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchSupport.args(args, "rows", "segments");
        int rows = BenchSupport.intArg(options, "rows", 40_000);
        int segments = BenchSupport.intArg(options, "segments", 30);
        BenchSupport.printEnvironment("PredictionLogWriter");
        Path dir = Files.createTempDirectory("capstan-bench-log");
        try {
            for (boolean varied : new boolean[] {false, true}) {
                List<PredictionLog.Entry> entries = entries(rows, varied);
                try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
                    duckdb.createStatement().execute("SET threads TO 1");
                    for (int round = 0; round < 3; round++) {
                        long start = System.nanoTime();
                        for (int s = 0; s < segments; s++) {
                            SegmentWriter.write(entries, dir.resolve("s" + s + ".parquet"));
                        }
                        double ours = (System.nanoTime() - start) / 1e3 / rows / segments;
                        start = System.nanoTime();
                        for (int s = 0; s < segments; s++) {
                            duckDb(duckdb, entries, dir.resolve("d" + s + ".parquet"));
                        }
                        double baseline = (System.nanoTime() - start) / 1e3 / rows / segments;
                        System.out.printf(Locale.ROOT, "%s requests, round %d: SegmentWriter %.3f us per row "
                                + "(%d bytes per segment), DuckDB appender + COPY %.3f us per row (%d bytes)%n",
                                varied ? "varied" : "equal", round, ours, Files.size(dir.resolve("s0.parquet")),
                                baseline, Files.size(dir.resolve("d0.parquet")));
                    }
                }
            }
        } finally {
            BenchSupport.deleteRecursively(dir);
        }
    }

    /** The baseline: rows through DuckDB's appender, a row's numbers as one array, then COPY to Parquet. */
    private static void duckDb(Connection db, List<PredictionLog.Entry> entries, Path file) throws SQLException {
        int numbers = entries.get(0).values().layout().numericCount();
        try (Statement sql = db.createStatement()) {
            sql.execute("CREATE OR REPLACE TABLE segment (request_id VARCHAR, time TIMESTAMP, variant VARCHAR, "
                    + "latency_ms DOUBLE, \"row\" INTEGER, numbers DOUBLE[" + numbers + "])");
            try (DuckDBAppender a = ((DuckDBConnection) db).createAppender(DuckDBConnection.DEFAULT_SCHEMA,
                    "segment")) {
                for (PredictionLog.Entry e : entries) {
                    a.beginRow();
                    a.append(e.requestId());
                    a.appendEpochMicros(e.timeMillis() * 1000);
                    a.append(e.variant());
                    a.append(e.latencyMillis());
                    a.append(0);
                    a.append(e.values().numbers());
                    a.endRow();
                }
            }
            StringBuilder columns = new StringBuilder("request_id, time, variant, latency_ms, \"row\"");
            for (int n = 1; n <= numbers; n++) {
                columns.append(", numbers[").append(n).append("] AS c").append(n);
            }
            sql.execute("COPY (SELECT " + columns + " FROM segment) TO '" + file + "' (FORMAT PARQUET)");
        }
    }

    private static List<PredictionLog.Entry> entries(int rows, boolean varied) {
        SplittableRandom random = new SplittableRandom(42);
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (int f = 0; f < 30; f++) {
            inputs.put("f" + f, new double[] {0.25});
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("label", new long[] {1});
        outputs.put("probabilities_0", new double[] {0.1});
        outputs.put("probabilities_1", new double[] {0.9});
        LoggedValues.Layout layout = LoggedValues.Layout.of(inputs, outputs);
        List<PredictionLog.Entry> entries = new ArrayList<>();
        long time = 1_700_000_000_000L;
        for (int r = 0; r < rows; r++) {
            if (varied) {
                for (Object column : inputs.values()) {
                    ((double[]) column)[0] = Math.round(random.nextGaussian() * 1e4) / 1e4;
                }
                double p = random.nextDouble();
                outputs.put("label", new long[] {p > 0.5 ? 1 : 0});
                outputs.put("probabilities_0", new double[] {1 - p});
                outputs.put("probabilities_1", new double[] {p});
            }
            entries.add(new PredictionLog.Entry(java.util.UUID.randomUUID().toString(), time + r / 40, "m", "1",
                    "primary", 0.2 + random.nextDouble(), LoggedValues.of(layout, 1, inputs, outputs)));
        }
        return entries;
    }
}
