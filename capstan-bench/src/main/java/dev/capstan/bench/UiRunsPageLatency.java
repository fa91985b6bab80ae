package dev.capstan.bench;

import dev.capstan.Json;
import dev.capstan.server.CapstanServer;
import dev.capstan.server.ServerConfig;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Latency of the web UI's runs page ({@code GET /experiments/ID}) over an experiment of 50,000 runs, first page,
 * default order and with {@code metrics.acc > 0.5} ordered by {@code metrics.loss DESC}; baseline in the same run,
 * request by request: the REST API's {@code runs/search} for the same page. Then a run of 100,000 metric points, added
 * to the database: its page against the REST API's sampled history. Needs a database populated by
 * {@code SearchRunsLatency --db=FILE}.
 *
 * <p>Arguments: {@code --db=/abs/file.db} (required) {@code --warmup=20 --requests=200}.
 */
public final class UiRunsPageLatency {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchSupport.args(args, "db", "warmup", "requests");
        Path db = Path.of(options.getOrDefault("db", "")).toAbsolutePath();
        if (!Files.isRegularFile(db)) {
            throw new IllegalArgumentException("--db=FILE: a database populated by SearchRunsLatency --db=FILE");
        }
        int warmup = BenchSupport.intArg(options, "warmup", 20);
        int requests = BenchSupport.intArg(options, "requests", 200);
        BenchSupport.printEnvironment("UiRunsPageLatency");
        Path artifacts = Files.createTempDirectory("capstan-bench-ui");
        try (CapstanServer server = CapstanServer.start(ServerConfig.defaults().withPort(0)
                .withStores("sqlite:///" + db, artifacts.toString()))) {
            HttpClient http = HttpClient.newHttpClient();
            String experiment = "1";
            String filter = URLEncoder.encode("metrics.acc > 0.5", StandardCharsets.UTF_8);
            String order = URLEncoder.encode("metrics.loss DESC", StandardCharsets.UTF_8);
            HttpRequest[][] pairs = {
                {get(server, "/experiments/" + experiment), post(server, "{\"experiment_ids\": [\"" + experiment
                        + "\"], \"max_results\": 100}")},
                {get(server, "/experiments/" + experiment + "?filter=" + filter + "&order=" + order),
                    post(server, "{\"experiment_ids\": [\"" + experiment + "\"], \"filter\": \"metrics.acc > 0.5\", "
                            + "\"order_by\": [\"metrics.loss DESC\"], \"max_results\": 100}")}};
            String[] names = {"first page, default order", "metrics.acc > 0.5, metrics.loss DESC"};
            for (int c = 0; c < pairs.length; c++) {
                long[] ui = new long[requests];
                long[] api = new long[requests];
                for (int i = -warmup; i < requests; i++) {
                    long a = time(http, pairs[c][0]);
                    long b = time(http, pairs[c][1]);
                    if (i >= 0) {
                        ui[i] = a;
                        api[i] = b;
                    }
                }
                Arrays.sort(ui);
                Arrays.sort(api);
                System.out.printf(Locale.ROOT, "%s: UI page p50 %.1f ms, p99 %.1f ms; REST runs/search p50 %.1f ms, "
                        + "p99 %.1f ms; ratio of p50 %.2f%n", names[c], BenchSupport.percentileMs(ui, 0.5),
                        BenchSupport.percentileMs(ui, 0.99), BenchSupport.percentileMs(api, 0.5),
                        BenchSupport.percentileMs(api, 0.99), BenchSupport.percentileMs(ui, 0.5)
                                / BenchSupport.percentileMs(api, 0.5));
            }
            chartedRun(server, http, warmup, requests);
        } finally {
            BenchSupport.deleteRecursively(artifacts);
        }
    }

    /**
     * A run with 100,000 points of one metric (logged through the REST API, 1,000 per batch): its page, whose chart
     * the store samples to 500 steps, against the REST API's {@code get-history-bulk-interval} of the same 500 steps;
     * and the bytes of the page against those of the whole history ({@code metrics/get-history}).
     */
    private static void chartedRun(CapstanServer server, HttpClient http, int warmup, int requests) throws Exception {
        String run = Json.MAPPER.readTree(send(http, post(server, "runs/create", "{\"experiment_id\": \"0\", "
                + "\"run_name\": \"100k-points\"}")).body()).at("/run/info/run_id").asText();
        for (int batch = 0; batch < 100; batch++) {
            StringBuilder metrics = new StringBuilder();
            for (int step = batch * 1000; step < (batch + 1) * 1000; step++) {
                metrics.append(metrics.length() == 0 ? "" : ",").append("{\"key\": \"loss\", \"value\": ")
                        .append(1.0 / (step + 1)).append(", \"timestamp\": ").append(step).append(", \"step\": ")
                        .append(step).append('}');
            }
            send(http, post(server, "runs/log-batch", "{\"run_id\": \"" + run + "\", \"metrics\": [" + metrics
                    + "]}"));
        }
        HttpRequest page = get(server, "/runs/" + run);
        HttpRequest sampled = get(server, "/api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids=" + run
                + "&metric_key=loss&max_results=500");
        long[] ui = new long[requests];
        long[] api = new long[requests];
        for (int i = -warmup; i < requests; i++) {
            long a = time(http, page);
            long b = time(http, sampled);
            if (i >= 0) {
                ui[i] = a;
                api[i] = b;
            }
        }
        Arrays.sort(ui);
        Arrays.sort(api);
        int pageBytes = send(http, page).body().getBytes(StandardCharsets.UTF_8).length;
        long historyBytes = 0;
        String token = "";
        do {
            String body = send(http, get(server, "/api/2.0/mlflow/metrics/get-history?run_id=" + run
                    + "&metric_key=loss&max_results=25000" + (token.isEmpty() ? "" : "&page_token="
                    + URLEncoder.encode(token, StandardCharsets.UTF_8)))).body();
            historyBytes += body.getBytes(StandardCharsets.UTF_8).length;
            token = Json.MAPPER.readTree(body).path("next_page_token").asText("");
        } while (!token.isEmpty());
        System.out.printf(Locale.ROOT, "run of 100,000 points: UI page p50 %.1f ms, p99 %.1f ms; REST "
                + "get-history-bulk-interval (500 steps) p50 %.1f ms, p99 %.1f ms; ratio of p50 %.2f; page %d bytes, "
                + "whole history as JSON (get-history, pages of 25,000) %d bytes%n", BenchSupport.percentileMs(ui, 0.5),
                BenchSupport.percentileMs(ui, 0.99), BenchSupport.percentileMs(api, 0.5),
                BenchSupport.percentileMs(api, 0.99), BenchSupport.percentileMs(ui, 0.5)
                        / BenchSupport.percentileMs(api, 0.5), pageBytes, historyBytes);
    }

    private static HttpRequest get(CapstanServer server, String path) {
        return HttpRequest.newBuilder(URI.create(server.url() + path)).build();
    }

    private static HttpRequest post(CapstanServer server, String body) {
        return post(server, "runs/search", body);
    }

    private static HttpRequest post(CapstanServer server, String endpoint, String body) {
        return HttpRequest.newBuilder(URI.create(server.url() + "/api/2.0/mlflow/" + endpoint))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static long time(HttpClient http, HttpRequest request) throws Exception {
        long start = System.nanoTime();
        send(http, request);
        return System.nanoTime() - start;
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response;
    }
}
