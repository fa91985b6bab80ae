package dev.capstan.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.server.CapstanServer;
import dev.capstan.server.ServerConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load test of {@code POST runs/log-batch}: a real server on a random port over a fresh SQLite file, N client threads
 * (one run each) posting batches of {@code keys x steps} metric points as JSON, the way the Python client does,
 * for a warm-up period and then a measured period. Baseline in the same run: plain sqlite-jdbc inserting the same
 * number of rows, 1000 per transaction, into a table shaped like Capstan's {@code metrics} table.
 *
 * <p>Arguments (all optional): {@code --warmup=5 --duration=20 --threads=8 --keys=10 --steps=100} (seconds, threads,
 * metric keys per call, steps per call; points per call = keys x steps, at most 1000).
 */
public final class LogBatchThroughput {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/api/2.0/mlflow/";
    /** Capstan's metrics table and its unique index, as in db/migration/V1__tracking.sql (without the foreign key). */
    private static final String METRICS_DDL = "CREATE TABLE metrics (run_uuid VARCHAR(32) NOT NULL, "
            + "key VARCHAR(250) NOT NULL, step BIGINT NOT NULL, timestamp BIGINT NOT NULL, "
            + "value DOUBLE PRECISION NOT NULL, is_nan SMALLINT NOT NULL)";
    private static final String METRICS_INDEX =
            "CREATE UNIQUE INDEX metrics_history ON metrics (run_uuid, key, step, timestamp, value, is_nan)";

    private final int warmupSeconds;
    private final int durationSeconds;
    private final int threads;
    private final int keys;
    private final int steps;

    private LogBatchThroughput(Map<String, String> args) {
        warmupSeconds = BenchSupport.intArg(args, "warmup", 5);
        durationSeconds = BenchSupport.intArg(args, "duration", 20);
        threads = BenchSupport.intArg(args, "threads", 8);
        keys = BenchSupport.intArg(args, "keys", 10);
        steps = BenchSupport.intArg(args, "steps", 100);
        if (keys * steps > 1000 || keys * steps < 1) {
            throw new IllegalArgumentException("keys x steps must be 1 to 1000 (MLflow's limit per log-batch call)");
        }
    }

    public static void main(String[] args) throws Exception {
        LogBatchThroughput bench = new LogBatchThroughput(
                BenchSupport.args(args, "warmup", "duration", "threads", "keys", "steps"));
        BenchSupport.printEnvironment("LogBatchThroughput");
        Path dir = Files.createTempDirectory("capstan-bench-logbatch");
        try {
            bench.run(dir);
        } finally {
            BenchSupport.deleteRecursively(dir);
        }
    }

    private int pointsPerCall() {
        return keys * steps;
    }

    private void run(Path dir) throws Exception {
        System.out.printf(Locale.ROOT, "%d client threads, %d metric points per call (%d keys x %d steps), "
                + "%d s warm-up, %d s measured%n", threads, pointsPerCall(), keys, steps, warmupSeconds, durationSeconds);
        ServerResult server = runServer(dir);
        BenchSupport.printLoad("after server phase");
        double rawIndexed = runRaw(dir.resolve("raw-indexed.db"), true, server.warmupCalls, server.measuredCalls);
        double rawPlain = runRaw(dir.resolve("raw-plain.db"), false, server.warmupCalls, server.measuredCalls);
        BenchSupport.printLoad("end");

        double pointsPerSecond = server.measuredCalls * (double) pointsPerCall() / durationSeconds;
        System.out.println();
        System.out.println("== Summary");
        System.out.printf(Locale.ROOT, "server   runs/log-batch      %,12.0f metric points/s  (%,.1f calls/s, %s)%n",
                pointsPerSecond, server.measuredCalls / (double) durationSeconds, BenchSupport.latencies(server.latencies));
        System.out.printf(Locale.ROOT, "server   non-200 responses   %d%n", server.failures);
        System.out.printf(Locale.ROOT, "server   measured period     %s%n", server.cpu);
        System.out.printf(Locale.ROOT, "baseline raw JDBC + index    %,12.0f rows/s%n", rawIndexed);
        System.out.printf(Locale.ROOT, "baseline raw JDBC, no index  %,12.0f rows/s  (context only)%n", rawPlain);
        System.out.printf(Locale.ROOT, "ratio server / raw (+index)  %.3f%n", pointsPerSecond / rawIndexed);
        System.out.printf(Locale.ROOT, "goal >= 100,000 points/s with 0 non-200: %s%n",
                pointsPerSecond >= 100_000 && server.failures == 0 ? "MET" : "NOT MET");
    }

    // ------------------------------------------------------------------ server phase

    /** Calls answered 200: before the measured period, inside it, and straddling one of its ends. */
    private record ServerResult(long warmupCalls, long measuredCalls, long straddlingCalls, long failures,
                                long[] latencies, String cpu) {
    }

    private ServerResult runServer(Path dir) throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(0)
                .withStores(BenchSupport.sqliteUri(dir.resolve("server.db")), dir.resolve("artifacts").toAbsolutePath().toString());
        Path dbFile = dir.resolve("server.db");
        ServerResult result;
        try (CapstanServer server = CapstanServer.start(config)) {
            String base = server.url() + API;
            HttpClient setup = client();
            String experimentId = post(setup, base + "experiments/create", "{\"name\":\"log-batch-throughput\"}")
                    .get("experiment_id").asText();
            List<String> runIds = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                runIds.add(post(setup, base + "runs/create", "{\"experiment_id\":\"" + experimentId
                        + "\",\"run_name\":\"load-" + i + "\"}").get("run").get("info").get("run_id").asText());
            }
            result = load(base + "runs/log-batch", runIds);
        }
        long stored = countRows(dbFile);
        long expected = (result.warmupCalls + result.measuredCalls + result.straddlingCalls) * pointsPerCall();
        System.out.printf(Locale.ROOT, "rows in metrics after the run: %,d (calls answered 200 x points per call: %,d)%s%n",
                stored, expected, stored == expected ? "" : "  MISMATCH");
        return result;
    }

    private ServerResult load(String url, List<String> runIds) throws Exception {
        long start = System.nanoTime() + 200_000_000L;
        long measureStart = start + warmupSeconds * 1_000_000_000L;
        long measureEnd = measureStart + durationSeconds * 1_000_000_000L;
        AtomicLong warmupCalls = new AtomicLong();
        AtomicLong measuredCalls = new AtomicLong();
        AtomicLong straddlingCalls = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        ConcurrentLinkedQueue<String> failureSamples = new ConcurrentLinkedQueue<>();
        long[][] latencies = new long[threads][];
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread worker = new Thread(() -> {
                try {
                    latencies[index] = clientLoop(url, runIds.get(index), index, start, measureStart, measureEnd,
                            new AtomicLong[] {warmupCalls, measuredCalls, straddlingCalls}, failures, failureSamples);
                } catch (Exception e) {
                    failures.incrementAndGet();
                    failureSamples.add(e.toString());
                    latencies[index] = new long[0];
                } finally {
                    done.countDown();
                }
            }, "log-batch-client-" + t);
            workers.add(worker);
            worker.start();
        }
        while (System.nanoTime() < measureStart) {
            Thread.sleep(1);
        }
        CpuMeter cpu = CpuMeter.now();
        done.await();
        String cpuUse = CpuMeter.since(cpu);
        System.out.println("measured period " + cpuUse);
        failureSamples.stream().limit(5).forEach(s -> System.out.println("FAILURE: " + s));
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).toArray();
        System.out.printf(Locale.ROOT, "calls answered 200: %,d warm-up, %,d measured, %,d straddling a boundary%n",
                warmupCalls.get(), measuredCalls.get(), straddlingCalls.get());
        return new ServerResult(warmupCalls.get(), measuredCalls.get(), straddlingCalls.get(), failures.get(), all,
                cpuUse);
    }

    private long[] clientLoop(String url, String runId, int seed, long start, long measureStart, long measureEnd,
                              AtomicLong[] counters, AtomicLong failures,
                              ConcurrentLinkedQueue<String> failureSamples) throws Exception {
        HttpClient client = client();
        SplittableRandom random = new SplittableRandom(seed);
        long[] latencies = new long[1024];
        int count = 0;
        while (System.nanoTime() < start) {
            Thread.onSpinWait();
        }
        for (long call = 0; ; call++) {
            String body = logBatchBody(runId, call, random);
            long t0 = System.nanoTime();
            if (t0 >= measureEnd) {
                break;
            }
            HttpResponse<String> response = client.send(jsonPost(url, body), HttpResponse.BodyHandlers.ofString());
            long t1 = System.nanoTime();
            if (response.statusCode() != 200) {
                failures.incrementAndGet();
                if (failureSamples.size() < 5) {
                    failureSamples.add(response.statusCode() + " " + response.body());
                }
                continue;
            }
            if (t0 >= measureStart && t1 <= measureEnd) {
                counters[1].incrementAndGet();
                if (count == latencies.length) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                }
                latencies[count++] = t1 - t0;
            } else {
                counters[t1 < measureStart ? 0 : 2].incrementAndGet();
            }
        }
        return Arrays.copyOf(latencies, count);
    }

    /** One call's body, as the Python client sends it: numbers as JSON numbers, steps continuing from the last call. */
    private String logBatchBody(String runId, long call, SplittableRandom random) {
        StringBuilder sb = new StringBuilder(80 * pointsPerCall());
        long timestamp = System.currentTimeMillis();
        sb.append("{\"run_id\": \"").append(runId).append("\", \"metrics\": [");
        for (int s = 0; s < steps; s++) {
            long step = call * steps + s;
            for (int k = 0; k < keys; k++) {
                if (s > 0 || k > 0) {
                    sb.append(", ");
                }
                sb.append("{\"key\": \"metric_").append(k).append("\", \"value\": ").append(random.nextDouble())
                        .append(", \"timestamp\": ").append(timestamp).append(", \"step\": ").append(step).append('}');
            }
        }
        return sb.append("], \"params\": [], \"tags\": []}").toString();
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpRequest jsonPost(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static JsonNode post(HttpClient client, String url, String body) throws Exception {
        HttpResponse<String> response = client.send(jsonPost(url, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static long countRows(Path dbFile) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile.toAbsolutePath());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM metrics")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ------------------------------------------------------------------ raw JDBC baseline

    /**
     * Inserts the rows of {@code warmupCalls} calls untimed, then those of {@code measuredCalls} calls timed, one
     * transaction and one prepared batch per call, runs taken in turn; returns rows/s of the timed part.
     */
    private double runRaw(Path file, boolean withIndex, long warmupCalls, long measuredCalls) throws SQLException {
        Properties props = new Properties();
        props.setProperty("journal_mode", "WAL");
        props.setProperty("synchronous", "NORMAL");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), props)) {
            try (Statement s = c.createStatement()) {
                s.execute(METRICS_DDL);
                if (withIndex) {
                    s.execute(METRICS_INDEX);
                }
            }
            c.setAutoCommit(false);
            List<String> runIds = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                runIds.add(String.format(Locale.ROOT, "%032x", new SplittableRandom(i).nextLong() & Long.MAX_VALUE));
            }
            SplittableRandom random = new SplittableRandom(42);
            long[] callsPerRun = new long[threads];
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO metrics (run_uuid, key, step, timestamp, "
                    + "value, is_nan) VALUES (?, ?, ?, ?, ?, ?)")) {
                insertCalls(c, insert, runIds, callsPerRun, random, warmupCalls);
                CpuMeter cpu = CpuMeter.now();
                long t0 = System.nanoTime();
                insertCalls(c, insert, runIds, callsPerRun, random, measuredCalls);
                long elapsed = System.nanoTime() - t0;
                System.out.println("raw timed part " + CpuMeter.since(cpu));
                double rowsPerSecond = measuredCalls * (double) pointsPerCall() / (elapsed / 1e9);
                System.out.printf(Locale.ROOT, "raw JDBC (%s): %,d rows untimed, then %,d rows in %.2f s = %,.0f rows/s%n",
                        withIndex ? "metrics + unique index metrics_history" : "metrics, no index",
                        warmupCalls * pointsPerCall(), measuredCalls * pointsPerCall(), elapsed / 1e9, rowsPerSecond);
                return rowsPerSecond;
            }
        }
    }

    private void insertCalls(Connection c, PreparedStatement insert, List<String> runIds, long[] callsPerRun,
                             SplittableRandom random, long calls) throws SQLException {
        for (long i = 0; i < calls; i++) {
            int run = (int) (i % runIds.size());
            long call = callsPerRun[run]++;
            long timestamp = System.currentTimeMillis();
            for (int s = 0; s < steps; s++) {
                for (int k = 0; k < keys; k++) {
                    insert.setString(1, runIds.get(run));
                    insert.setString(2, "metric_" + k);
                    insert.setLong(3, call * steps + s);
                    insert.setLong(4, timestamp);
                    insert.setDouble(5, random.nextDouble());
                    insert.setInt(6, 0);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
            c.commit();
        }
    }
}
