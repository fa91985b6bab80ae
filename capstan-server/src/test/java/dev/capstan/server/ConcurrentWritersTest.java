package dev.capstan.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Sixteen HTTP clients log batches at once into SQLite: every request succeeds and every point is stored. */
class ConcurrentWritersTest {

    private static final int CLIENTS = 16;
    private static final int BATCHES = 20;
    private static final int POINTS = 100;

    @TempDir
    Path dir;

    @Test
    void sixteenClientsNeverSeeBusyErrorsAndLoseNothing() throws Exception {
        try (TestServer server = new TestServer(dir)) {
            String experimentId = Json.MAPPER.readTree(server.post("/api/2.0/mlflow/experiments/create",
                    "{\"name\": \"load\"}").body()).get("experiment_id").asText();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<List<Integer>>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> logFromOneClient(server, experimentId)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<List<Integer>> client : clients) {
                statuses.addAll(client.get());
            }
            pool.shutdown();
            assertThat(statuses).hasSize(CLIENTS * (BATCHES + 1)).containsOnly(200);

            JsonNode runs = Json.MAPPER.readTree(server.post("/api/2.0/mlflow/runs/search",
                    "{\"experiment_ids\": [\"" + experimentId + "\"], \"max_results\": 100}").body()).get("runs");
            assertThat(runs).hasSize(CLIENTS);
            for (JsonNode run : runs) {
                String runId = run.at("/info/run_id").asText();
                JsonNode history = Json.MAPPER.readTree(server.get("/api/2.0/mlflow/metrics/get-history?run_id=" + runId
                        + "&metric_key=m").body()).get("metrics");
                assertThat(history).hasSize(BATCHES * POINTS);
            }
        }
    }

    private static List<Integer> logFromOneClient(TestServer server, String experimentId) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> created = server.post("/api/2.0/mlflow/runs/create", "{\"experiment_id\": \"" + experimentId + "\"}");
        statuses.add(created.statusCode());
        String runId = Json.MAPPER.readTree(created.body()).at("/run/info/run_id").asText();
        for (int b = 0; b < BATCHES; b++) {
            int batch = b;
            String metrics = IntStream.range(0, POINTS).mapToObj(i -> "{\"key\": \"m\", \"value\": " + i
                    + ", \"timestamp\": 1, \"step\": " + (batch * POINTS + i) + "}").collect(Collectors.joining(","));
            statuses.add(server.post("/api/2.0/mlflow/runs/log-batch", "{\"run_id\": \"" + runId + "\", \"metrics\": ["
                    + metrics + "], \"params\": [{\"key\": \"p" + b + "\", \"value\": \"1\"}]}").statusCode());
        }
        return statuses;
    }
}
