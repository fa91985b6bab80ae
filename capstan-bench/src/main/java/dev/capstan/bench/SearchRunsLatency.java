package dev.capstan.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.capstan.server.CapstanServer;
import dev.capstan.server.ServerConfig;
import dev.capstan.store.Database;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.NewRun;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.internal.SqlTrackingStore;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * Latency of {@code POST runs/search} over one experiment of many runs: {@code metrics.acc > 0.5} ordered by
 * {@code metrics.loss DESC}, 100 per page, for the first page, the second and a deeper one (via page tokens).
 * Baselines in the same run, interleaved request by request: the same search as one hand-written SQL query through
 * plain sqlite-jdbc on the same database file, once as a plain join and once with the join order pinned so that
 * SQLite reads the sort key's index in order.
 *
 * <p>Arguments (all optional): {@code --runs=50000 --warmup=20 --requests=200 --deep-page=50}, and
 * {@code --db=/abs/path.db} to keep the populated database there, or reuse it when it exists (re-runs and
 * {@code sqlite3} diagnostics without populating again); by default a fresh temp database is used and deleted.
 */
public final class SearchRunsLatency {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILTER = "metrics.acc > 0.5";
    private static final String ORDER_BY = "metrics.loss DESC";
    private static final int PAGE_SIZE = 100;
    /** The search above written by hand: runs joined to latest_metrics, filtered and ordered, one page. */
    private static final String RAW_JOIN_SQL = "SELECT r.run_uuid, r.experiment_id, r.name, r.user_id, r.status, "
            + "r.start_time, r.end_time, r.artifact_uri, r.lifecycle_stage, acc.value, loss.value "
            + "FROM runs r "
            + "JOIN latest_metrics acc ON acc.run_uuid = r.run_uuid AND acc.key = 'acc' "
            + "LEFT JOIN latest_metrics loss ON loss.run_uuid = r.run_uuid AND loss.key = 'loss' "
            + "WHERE r.experiment_id = ? AND r.lifecycle_stage = 'active' AND acc.is_nan = 0 AND acc.value > 0.5 "
            + "ORDER BY loss.value DESC, r.start_time DESC, r.run_uuid ASC LIMIT ? OFFSET ?";
    /**
     * The same page with the join order pinned (CROSS JOIN) so that SQLite walks the index latest_metrics_by_key
     * (key, value) in sort order and stops after OFFSET + LIMIT rows. It leaves out runs without a non-NaN loss,
     * which this data set does not have; the run ids are checked against the server's.
     */
    private static final String RAW_INDEX_ORDERED_SQL = "SELECT r.run_uuid, r.experiment_id, r.name, r.user_id, "
            + "r.status, r.start_time, r.end_time, r.artifact_uri, r.lifecycle_stage, acc.value, loss.value "
            + "FROM latest_metrics loss CROSS JOIN runs r CROSS JOIN latest_metrics acc "
            + "WHERE loss.key = 'loss' AND loss.is_nan = 0 AND r.run_uuid = loss.run_uuid "
            + "AND acc.run_uuid = r.run_uuid AND acc.key = 'acc' AND acc.is_nan = 0 AND acc.value > 0.5 "
            + "AND r.experiment_id = ? AND r.lifecycle_stage = 'active' "
            + "ORDER BY loss.value DESC, r.start_time DESC, r.run_uuid ASC LIMIT ? OFFSET ?";

    private final int runs;
    private final int warmup;
    private final int requests;
    private final int deepPage;
    private final Path keptDb;

    private SearchRunsLatency(Map<String, String> args) {
        runs = BenchSupport.intArg(args, "runs", 50_000);
        warmup = BenchSupport.intArg(args, "warmup", 20);
        requests = BenchSupport.intArg(args, "requests", 200);
        deepPage = BenchSupport.intArg(args, "deep-page", 50);
        keptDb = args.containsKey("db") ? Path.of(args.get("db")).toAbsolutePath() : null;
    }

    public static void main(String[] args) throws Exception {
        SearchRunsLatency bench = new SearchRunsLatency(BenchSupport.args(args, "runs", "warmup", "requests", "deep-page", "db"));
        BenchSupport.printEnvironment("SearchRunsLatency");
        Path dir = Files.createTempDirectory("capstan-bench-search");
        try {
            bench.run(dir);
        } finally {
            BenchSupport.deleteRecursively(dir);
        }
    }

    private void run(Path dir) throws Exception {
        Path dbFile = keptDb != null ? keptDb : dir.resolve("search.db");
        String experimentId;
        if (keptDb != null && Files.exists(keptDb)) {
            experimentId = existingExperiment(keptDb);
            System.out.println("reusing " + keptDb + " (experiment " + experimentId + "), not populating");
        } else {
            experimentId = populate(BenchSupport.sqliteUri(dbFile));
        }
        BenchSupport.printLoad("after populating");
        ServerConfig config = ServerConfig.defaults().withPort(0)
                .withStores(BenchSupport.sqliteUri(dbFile), dir.resolve("artifacts").toAbsolutePath().toString());
        List<Result> results = new ArrayList<>();
        long runCount;
        long matchCount;
        try (CapstanServer server = CapstanServer.start(config); Connection raw = rawConnection(dbFile)) {
            String url = server.url() + "/api/2.0/mlflow/runs/search";
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            List<String> tokens = pageTokens(client, url, experimentId, Math.max(2, deepPage));
            results.add(measure("page 1", client, url, experimentId, null, 0, raw));
            results.add(measure("page 2", client, url, experimentId, tokens.get(1), PAGE_SIZE, raw));
            if (deepPage > 2) {
                results.add(measure("page " + deepPage, client, url, experimentId, tokens.get(deepPage - 1),
                        (deepPage - 1) * PAGE_SIZE, raw));
            }
            runCount = count(raw, "SELECT COUNT(*) FROM runs WHERE experiment_id = " + Long.parseLong(experimentId));
            matchCount = count(raw, "SELECT COUNT(*) FROM latest_metrics WHERE key = 'acc' AND is_nan = 0 AND value > 0.5");
        }
        BenchSupport.printLoad("end");
        System.out.println();
        System.out.printf(Locale.ROOT, "== Summary: runs/search over %,d runs (%,d match), filter \"%s\", order_by "
                + "[\"%s\"], max_results %d; %d timed requests after %d warm-up, server and raw queries interleaved%n",
                runCount, matchCount, FILTER, ORDER_BY, PAGE_SIZE, requests, warmup);
        boolean met = true;
        for (Result r : results) {
            double serverP50 = BenchSupport.p50Ms(r.server);
            System.out.printf(Locale.ROOT, "%-8s server                %s%n", r.label, BenchSupport.latencies(r.server));
            System.out.printf(Locale.ROOT, "%-8s raw join SQL          %s%n", r.label, BenchSupport.latencies(r.raw));
            System.out.printf(Locale.ROOT, "%-8s raw index-ordered SQL %s%n", r.label,
                    BenchSupport.latencies(r.rawIndexed));
            System.out.printf(Locale.ROOT, "%-8s ratio server/raw join at p50: %.2f; server/raw index-ordered: %.1f; "
                    + "same run ids: %s%n", r.label, serverP50 / BenchSupport.p50Ms(r.raw),
                    serverP50 / BenchSupport.p50Ms(r.rawIndexed), r.sameRuns);
            met &= serverP50 < 100;
        }
        System.out.printf(Locale.ROOT, "goal p50 < 100 ms on every page: %s%n", met ? "MET" : "NOT MET");
    }

    // ------------------------------------------------------------------ populate

    private String populate(String uri) {
        CpuMeter cpu = CpuMeter.now();
        long t0 = System.nanoTime();
        try (SqlTrackingStore store = new SqlTrackingStore(Database.open(uri))) {
            String experimentId = store.createExperiment("search-runs-latency", null, List.of());
            SplittableRandom random = new SplittableRandom(7);
            long start = System.currentTimeMillis() - runs * 1000L;
            String[] models = {"xgboost", "lightgbm", "logreg", "mlp"};
            for (int i = 1; i <= runs; i++) {
                String runId = store.createRun(new NewRun(experimentId, "bench", "run-" + i, start + i * 1000L, List.of()))
                        .info().runId();
                long ts = start + i * 1000L + 500;
                store.logBatch(runId,
                        List.of(new Metric("acc", random.nextDouble(), ts, 0L), new Metric("loss", random.nextDouble(), ts, 0L),
                                new Metric("f1", random.nextDouble(), ts, 0L)),
                        List.of(new Param("model", models[i % models.length]),
                                new Param("learning_rate", Double.toString(0.001 * (1 + i % 100))),
                                new Param("max_depth", Integer.toString(2 + i % 10))),
                        List.of(new Tag("team", "team-" + (i % 7)), new Tag("dataset", "ds-v" + (i % 3))));
                if (i % 5_000 == 0 || i == runs) {
                    double s = (System.nanoTime() - t0) / 1e9;
                    System.out.printf(Locale.ROOT, "populated %,d runs in %.1f s (%,.0f runs/s)%n", i, s, i / s);
                }
            }
            System.out.println("populating " + CpuMeter.since(cpu));
            return experimentId;
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String existingExperiment(Path dbFile) throws SQLException {
        try (Connection c = rawConnection(dbFile);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT experiment_id FROM experiments WHERE name = 'search-runs-latency'")) {
            if (!rs.next()) {
                throw new IllegalStateException(dbFile + " holds no experiment 'search-runs-latency': delete it to populate");
            }
            return rs.getString(1);
        }
    }

    // ------------------------------------------------------------------ measure

    private record Result(String label, long[] server, long[] raw, long[] rawIndexed, boolean sameRuns) {
    }

    private Result measure(String label, HttpClient client, String url, String experimentId, String token, int offset,
                           Connection raw) throws Exception {
        HttpRequest request = searchRequest(url, experimentId, token);
        CpuMeter cpu = CpuMeter.now();
        long[] serverNanos = new long[requests];
        long[] rawNanos = new long[requests];
        long[] rawIndexedNanos = new long[requests];
        boolean same = true;
        try (PreparedStatement join = prepare(raw, RAW_JOIN_SQL, experimentId, offset);
             PreparedStatement indexed = prepare(raw, RAW_INDEX_ORDERED_SQL, experimentId, offset)) {
            for (int i = 0; i < warmup + requests; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                long t1 = System.nanoTime();
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("runs/search answered " + response.statusCode() + ": " + response.body());
                }
                List<String> joinIds = rawPage(join);
                long t2 = System.nanoTime();
                List<String> indexedIds = rawPage(indexed);
                long t3 = System.nanoTime();
                if (i >= warmup) {
                    serverNanos[i - warmup] = t1 - t0;
                    rawNanos[i - warmup] = t2 - t1;
                    rawIndexedNanos[i - warmup] = t3 - t2;
                }
                if (i == 0) {
                    List<String> serverIds = runIds(JSON.readTree(response.body()));
                    same = serverIds.size() == PAGE_SIZE && serverIds.equals(joinIds) && serverIds.equals(indexedIds);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%s measured: server p50 %.2f ms, raw join p50 %.2f ms, raw index-ordered p50 "
                + "%.2f ms; %s%n", label, BenchSupport.p50Ms(serverNanos), BenchSupport.p50Ms(rawNanos),
                BenchSupport.p50Ms(rawIndexedNanos), CpuMeter.since(cpu));
        return new Result(label, serverNanos, rawNanos, rawIndexedNanos, same);
    }

    private static PreparedStatement prepare(Connection c, String sql, String experimentId, int offset)
            throws SQLException {
        PreparedStatement query = c.prepareStatement(sql);
        query.setLong(1, Long.parseLong(experimentId));
        query.setInt(2, PAGE_SIZE);
        query.setInt(3, offset);
        return query;
    }

    /** Reads every column of the page, as the server must, and returns the run ids in order. */
    private static List<String> rawPage(PreparedStatement query) throws SQLException {
        List<String> ids = new ArrayList<>(PAGE_SIZE);
        try (ResultSet rs = query.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int c = 2; c <= columns; c++) {
                    rs.getObject(c);
                }
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** Follows next_page_token from the first page; element i is the token of page i + 1 (null for page 1). */
    private static List<String> pageTokens(HttpClient client, String url, String experimentId, int pages) throws Exception {
        List<String> tokens = new ArrayList<>();
        tokens.add(null);
        JsonNode first = JSON.readTree(client.send(searchRequest(url, experimentId, null),
                HttpResponse.BodyHandlers.ofString()).body());
        System.out.printf(Locale.ROOT, "first page: %d runs; a run carries %d metrics, %d params, %d tags%n",
                first.path("runs").size(), first.path("runs").path(0).path("data").path("metrics").size(),
                first.path("runs").path(0).path("data").path("params").size(),
                first.path("runs").path(0).path("data").path("tags").size());
        JsonNode page = first;
        while (tokens.size() < pages) {
            String token = page.path("next_page_token").asText(null);
            if (token == null) {
                throw new IllegalStateException("Only " + tokens.size() + " pages match; ask for a smaller --deep-page");
            }
            tokens.add(token);
            page = JSON.readTree(client.send(searchRequest(url, experimentId, token), HttpResponse.BodyHandlers.ofString())
                    .body());
        }
        return tokens;
    }

    private static HttpRequest searchRequest(String url, String experimentId, String token) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("experiment_ids").add(experimentId);
        body.put("filter", FILTER);
        body.putArray("order_by").add(ORDER_BY);
        body.put("max_results", PAGE_SIZE);
        if (token != null) {
            body.put("page_token", token);
        }
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    private static List<String> runIds(JsonNode response) {
        List<String> ids = new ArrayList<>();
        response.path("runs").forEach(run -> ids.add(run.path("info").path("run_id").asText()));
        return ids;
    }

    private static Connection rawConnection(Path dbFile) throws SQLException {
        Properties props = new Properties();
        props.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        return DriverManager.getConnection("jdbc:sqlite:" + dbFile.toAbsolutePath(), props);
    }
}
