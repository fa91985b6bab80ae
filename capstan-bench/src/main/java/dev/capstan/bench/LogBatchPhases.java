package dev.capstan.bench;

import dev.capstan.Json;
import dev.capstan.store.Database;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.NewRun;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.internal.SqlTrackingStore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * Diagnostic for {@link LogBatchThroughput}: the cost of each phase of one {@code log-batch} call of 1000 points,
 * in one thread, no HTTP: building the JSON body, parsing it as the server does, {@code SqlTrackingStore.logBatch}
 * (the part that holds SQLite's single write connection), and plain-JDBC variants that add Capstan's SQL features
 * one by one to the raw insert. Every writer writes the same rows into its own fresh database; the writers take
 * turns call by call.
 *
 * <p>Arguments (all optional): {@code --warmup-calls=200 --calls=1000}.
 */
public final class LogBatchPhases {

    private static final int RUNS = 8;
    private static final int KEYS = 10;
    private static final int STEPS = 100;
    private static final String METRICS_DDL = "CREATE TABLE metrics (run_uuid VARCHAR(32) NOT NULL %s, "
            + "key VARCHAR(250) NOT NULL, step BIGINT NOT NULL, timestamp BIGINT NOT NULL, "
            + "value DOUBLE PRECISION NOT NULL, is_nan SMALLINT NOT NULL)";
    private static final String METRICS_INDEX =
            "CREATE UNIQUE INDEX metrics_history ON metrics (run_uuid, key, step, timestamp, value, is_nan)";
    private static final String LATEST_DDL = "CREATE TABLE latest_metrics (run_uuid VARCHAR(32) NOT NULL %s, "
            + "key VARCHAR(250) NOT NULL, step BIGINT NOT NULL, timestamp BIGINT NOT NULL, "
            + "value DOUBLE PRECISION NOT NULL, is_nan SMALLINT NOT NULL, PRIMARY KEY (run_uuid, key))";
    private static final String LATEST_UPSERT = "INSERT INTO latest_metrics (run_uuid, key, step, timestamp, value, "
            + "is_nan) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_uuid, key) DO UPDATE SET step = excluded.step, "
            + "timestamp = excluded.timestamp, value = excluded.value, is_nan = excluded.is_nan "
            + "WHERE excluded.step > latest_metrics.step OR (excluded.step = latest_metrics.step AND "
            + "(excluded.timestamp > latest_metrics.timestamp OR (excluded.timestamp = latest_metrics.timestamp "
            + "AND excluded.value > latest_metrics.value)))";

    /** The request record of runs/log-batch, mapped by the server's mapper as the server maps its own. */
    record LogBatchRequest(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
    }

    /** A plain-JDBC variant of the write. */
    private record Variant(String label, boolean index, boolean foreignKeys, boolean onConflict, boolean latest,
                           int cacheKib, boolean withoutRowid) {
    }

    private final int warmupCalls;
    private final int calls;

    private LogBatchPhases(Map<String, String> args) {
        warmupCalls = BenchSupport.intArg(args, "warmup-calls", 200);
        calls = BenchSupport.intArg(args, "calls", 1000);
    }

    public static void main(String[] args) throws Exception {
        LogBatchPhases bench = new LogBatchPhases(BenchSupport.args(args, "warmup-calls", "calls"));
        BenchSupport.printEnvironment("LogBatchPhases");
        Path dir = Files.createTempDirectory("capstan-bench-phases");
        try {
            bench.run(dir);
        } finally {
            BenchSupport.deleteRecursively(dir);
        }
    }

    private void run(Path dir) throws Exception {
        System.out.printf(Locale.ROOT, "per call of %d points, mean over %d calls after %d untimed (one thread)%n",
                KEYS * STEPS, calls, warmupCalls);
        CpuMeter cpu = CpuMeter.now();
        jsonPhases();
        List<Variant> variants = List.of(
                new Variant("raw insert, no index", false, false, false, false, 0, false),
                new Variant("raw insert + unique index (LogBatchThroughput baseline)", true, false, false, false, 0, false),
                new Variant("  + foreign key to runs (foreign_keys=ON)", true, true, false, false, 0, false),
                new Variant("  + ON CONFLICT DO NOTHING", true, true, true, false, 0, false),
                new Variant("  + latest_metrics upsert (= Capstan's SQL, plain JDBC)", true, true, true, true, 0, false),
                new Variant("  same with cache_size=64 MiB", true, true, true, true, 65_536, false),
                new Variant("  same, metrics WITHOUT ROWID keyed by the unique columns", false, true, true, true, 0, true));
        writePhases(dir, variants);
        System.out.println("whole run " + CpuMeter.since(cpu));
        BenchSupport.printLoad("end");
    }

    private void jsonPhases() throws Exception {
        SplittableRandom random = new SplittableRandom(1);
        String runId = "0123456789abcdef0123456789abcdef";
        long build = 0;
        long parse = 0;
        long direct = 0;
        long sink = 0;
        for (int i = 0; i < warmupCalls + calls; i++) {
            long t0 = System.nanoTime();
            String body = body(runId, i, random);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            long t1 = System.nanoTime();
            // what ApiRequests does: the body as a String, a tree, then the request record
            String text = new String(bytes, StandardCharsets.UTF_8);
            LogBatchRequest request = Json.MAPPER.treeToValue(Json.MAPPER.readTree(text), LogBatchRequest.class);
            long t2 = System.nanoTime();
            LogBatchRequest again = Json.MAPPER.readValue(bytes, LogBatchRequest.class);
            long t3 = System.nanoTime();
            sink += request.metrics().size() + again.metrics().size();
            if (i >= warmupCalls) {
                build += t1 - t0;
                parse += t2 - t1;
                direct += t3 - t2;
            }
        }
        System.out.printf(Locale.ROOT, "%-62s %7.2f ms/call%n", "client: build JSON body (StringBuilder)", build / 1e6 / calls);
        System.out.printf(Locale.ROOT, "%-62s %7.2f ms/call  (%d)%n", "server: readTree + treeToValue(LogBatch)",
                parse / 1e6 / calls, sink % 10);
        System.out.printf(Locale.ROOT, "%-62s %7.2f ms/call%n", "  alternative: readValue(bytes, LogBatch) in one pass",
                direct / 1e6 / calls);
    }

    /** One way of writing a call's points; each writes into its own database. */
    private interface Writer extends AutoCloseable {
        void write(int run, List<Metric> metrics) throws SQLException;

        @Override
        void close() throws SQLException;
    }

    /** Capstan's store: what the server's worker does while it holds the write connection. */
    private static Writer store(Path file) {
        SqlTrackingStore store = new SqlTrackingStore(Database.open(BenchSupport.sqliteUri(file)));
        String experimentId = store.createExperiment("phases", null, List.of());
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            runIds.add(store.createRun(new NewRun(experimentId, "bench", "r" + i, null, List.of())).info().runId());
        }
        return new Writer() {
            @Override
            public void write(int run, List<Metric> metrics) {
                store.logBatch(runIds.get(run), metrics, List.of(), List.of());
            }

            @Override
            public void close() {
                store.close();
            }
        };
    }

    private static Writer raw(Path file, Variant v) throws SQLException {
        Properties props = new Properties();
        props.setProperty("journal_mode", "WAL");
        props.setProperty("synchronous", "NORMAL");
        if (v.foreignKeys) {
            props.setProperty("foreign_keys", "true");
        }
        if (v.cacheKib > 0) {
            props.setProperty("cache_size", Integer.toString(-v.cacheKib));
        }
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), props);
        String fk = v.foreignKeys ? "REFERENCES runs (run_uuid)" : "";
        List<String> runIds = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE runs (run_uuid VARCHAR(32) NOT NULL PRIMARY KEY, lifecycle_stage VARCHAR(20))");
            s.execute(v.withoutRowid ? String.format(METRICS_DDL, fk).replaceFirst("\\)$",
                    ", PRIMARY KEY (run_uuid, key, step, timestamp, value, is_nan)) WITHOUT ROWID")
                    : String.format(METRICS_DDL, fk));
            if (v.index) {
                s.execute(METRICS_INDEX);
            }
            s.execute(String.format(LATEST_DDL, fk));
            for (int i = 0; i < RUNS; i++) {
                String id = String.format(Locale.ROOT, "%032x", new SplittableRandom(i).nextLong() & Long.MAX_VALUE);
                runIds.add(id);
                s.execute("INSERT INTO runs VALUES ('" + id + "', 'active')");
            }
        }
        c.setAutoCommit(false);
        PreparedStatement insert = c.prepareStatement("INSERT INTO metrics (run_uuid, key, step, timestamp, value, "
                + "is_nan) VALUES (?, ?, ?, ?, ?, ?)" + (v.onConflict ? " ON CONFLICT DO NOTHING" : ""));
        PreparedStatement latest = c.prepareStatement(LATEST_UPSERT);
        PreparedStatement runCheck = c.prepareStatement("SELECT lifecycle_stage FROM runs WHERE run_uuid = ?");
        return new Writer() {
            @Override
            public void write(int run, List<Metric> metrics) throws SQLException {
                if (v.latest) {
                    runCheck.setString(1, runIds.get(run));
                    runCheck.executeQuery().close();
                }
                for (Metric m : metrics) {
                    bind(insert, runIds.get(run), m);
                    insert.addBatch();
                }
                insert.executeBatch();
                if (v.latest) {
                    for (int k = 0; k < KEYS; k++) {
                        bind(latest, runIds.get(run), metrics.get(metrics.size() - KEYS + k));
                        latest.addBatch();
                    }
                    latest.executeBatch();
                }
                c.commit();
            }

            @Override
            public void close() throws SQLException {
                c.close();
            }
        };
    }

    /**
     * Runs every writer on the same calls, interleaved call by call, so that drift in the machine's speed (a shared
     * VM) affects all of them alike.
     */
    private void writePhases(Path dir, List<Variant> variants) throws Exception {
        List<String> labels = new ArrayList<>();
        List<Writer> writers = new ArrayList<>();
        labels.add("server: SqlTrackingStore.logBatch (Jdbi, the write connection)");
        writers.add(store(dir.resolve("store.db")));
        for (int i = 0; i < variants.size(); i++) {
            labels.add("raw JDBC: " + variants.get(i).label);
            writers.add(raw(dir.resolve("raw-" + i + ".db"), variants.get(i)));
        }
        long[] totals = new long[writers.size()];
        SplittableRandom random = new SplittableRandom(2);
        long[] callsPerRun = new long[RUNS];
        for (int i = 0; i < warmupCalls + calls; i++) {
            int run = i % RUNS;
            List<Metric> metrics = metrics(callsPerRun[run]++, random);
            for (int w = 0; w < writers.size(); w++) {
                long t0 = System.nanoTime();
                writers.get(w).write(run, metrics);
                if (i >= warmupCalls) {
                    totals[w] += System.nanoTime() - t0;
                }
            }
        }
        for (int w = 0; w < writers.size(); w++) {
            writers.get(w).close();
            System.out.printf(Locale.ROOT, "%-62s %7.2f ms/call  = %,.0f points/s%n", labels.get(w),
                    totals[w] / 1e6 / calls, calls * 1000.0 / (totals[w] / 1e9));
        }
    }

    private static void bind(PreparedStatement ps, String runId, Metric m) throws SQLException {
        ps.setString(1, runId);
        ps.setString(2, m.key());
        ps.setLong(3, m.step());
        ps.setLong(4, m.timestamp());
        ps.setDouble(5, m.value());
        ps.setInt(6, 0);
    }

    private static List<Metric> metrics(long call, SplittableRandom random) {
        long timestamp = System.currentTimeMillis();
        List<Metric> metrics = new ArrayList<>(KEYS * STEPS);
        for (int s = 0; s < STEPS; s++) {
            for (int k = 0; k < KEYS; k++) {
                metrics.add(new Metric("metric_" + k, random.nextDouble(), timestamp, call * STEPS + s));
            }
        }
        return metrics;
    }

    private static String body(String runId, long call, SplittableRandom random) {
        StringBuilder sb = new StringBuilder(80 * KEYS * STEPS);
        long timestamp = System.currentTimeMillis();
        sb.append("{\"run_id\": \"").append(runId).append("\", \"metrics\": [");
        for (int s = 0; s < STEPS; s++) {
            for (int k = 0; k < KEYS; k++) {
                if (s > 0 || k > 0) {
                    sb.append(", ");
                }
                sb.append("{\"key\": \"metric_").append(k).append("\", \"value\": ").append(random.nextDouble())
                        .append(", \"timestamp\": ").append(timestamp).append(", \"step\": ").append(call * STEPS + s)
                        .append('}');
            }
        }
        return sb.append("], \"params\": [], \"tags\": []}").toString();
    }
}
