package dev.capstan.server.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.capstan.Json;
import dev.capstan.ml.train.TrainConfig;
import dev.capstan.ml.train.Training;
import dev.capstan.monitor.MonitorConfig;
import dev.capstan.monitor.ReferenceProfile;
import dev.capstan.server.ChurnCustomer;
import dev.capstan.server.ModelServer;
import dev.capstan.server.serving.ModelServing;
import dev.capstan.server.serving.RegistryModelLocator;
import dev.capstan.server.serving.ServingConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring loop on a real server: a model trained here (its package carries its reference profile) is served
 * with a prediction log; traffic like the training data shows no drift, traffic with two shifted features shows
 * drift on exactly those two and delivers alerts to a real webhook receiver, and feedback labels give the window's
 * accuracy as the answers sent imply it.
 */
class MonitoringEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private static ModelServer server;
    private static HttpServer receiver;
    private static final List<String> json = new CopyOnWriteArrayList<>();
    private static final List<String> slack = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        Random random = new Random(11);
        List<String> lines = new ArrayList<>(List.of("age,spend,plan,tenure,churn"));
        for (int i = 0; i < 3000; i++) {
            lines.add(ChurnCustomer.draw(random, false).csv(random));
        }
        Files.write(dir.resolve("churn.csv"), lines);
        Files.writeString(dir.resolve("train.yaml"), """
                data: {path: churn.csv, target: churn}
                split: {validation: 0.2, test: 0.2, seed: 7}
                preprocessing:
                  - one_hot: {columns: [plan], handle_unknown: ignore}
                model: {type: xgboost_classifier, params: {max_depth: 3, eta: 0.3}, rounds: 40}
                output: model
                """);
        Training.run(TrainConfig.read(dir.resolve("train.yaml")));

        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/json", exchange -> receive(exchange, json));
        receiver.createContext("/slack", exchange -> receive(exchange, slack));
        receiver.start();
        String hooks = "http://127.0.0.1:" + receiver.getAddress().getPort();
        MonitorConfig config = MonitorConfig.parse("""
                window: {rows: 400}
                min_rows: 100
                interval: 1h
                alerts:
                  webhooks:
                    - {url: %s/json}
                    - {url: %s/slack, format: slack}
                """.formatted(hooks, hooks), "monitoring.yaml");
        ModelServing serving = new ModelServing(new RegistryModelLocator(() -> {
            throw new IllegalStateException("no registry in this test");
        }, null, null), ServingConfig.defaults().withPredictionLog(dir.resolve("log").toString(), 1));
        serving.serve("churn", dir.resolve("model").toString());
        server = ModelServer.start(serving, "127.0.0.1", 0, config);
    }

    private static void receive(com.sun.net.httpserver.HttpExchange exchange, List<String> into) throws IOException {
        into.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void driftIsReportedOnExactlyTheShiftedFeaturesAlertedAndAccuracyFollowsTheFeedback() throws Exception {
        ReferenceProfile profile = ReferenceProfile.read(dir.resolve("model")).orElseThrow();
        assertThat(profile.inputs()).containsOnlyKeys("age", "spend", "plan", "tenure");
        assertThat(profile.inputs().get("age").sample()).hasSize(1800);
        assertThat(profile.metrics()).containsKey("accuracy_score");
        assertThat(profile.classes()).containsExactly("no", "yes");

        Random random = new Random(5);
        send(random, false, 400);
        JsonNode calm = model(post("/api/2.0/capstan/monitor/evaluate", ""));
        assertThat(calm.get("status").asText()).isEqualTo("ok");
        assertThat(calm.get("window_rows").asInt()).isEqualTo(400);
        assertThat(drifted(calm)).isEmpty();
        assertThat(calm.at("/drift/drifted").asBoolean()).isFalse();

        List<Served> shifted = send(random, true, 400);
        JsonNode drifting = model(post("/api/2.0/capstan/monitor/evaluate", ""));
        assertThat(drifted(drifting)).containsExactlyInAnyOrder("age", "plan");
        assertThat(drifting.at("/drift/share").asDouble()).isEqualTo(0.5);
        assertThat(drifting.at("/drift/drifted").asBoolean()).isTrue();
        String metrics = get("/metrics");
        assertThat(metrics).contains("capstan_monitor_drift_share{model=\"churn\",version=\""
                + drifting.get("version").asText() + "\"} 0.5");
        assertThat(metrics).contains("capstan_monitor_feature_drifted{feature=\"age\",model=\"churn\"");

        List<JsonNode> alerts = awaitAlerts(3);
        assertThat(alerts).anySatisfy(a -> {
            assertThat(a.get("rule").asText()).isEqualTo("dataset_drift");
            assertThat(a.get("status").asText()).isEqualTo("firing");
            assertThat(a.get("severity").asText()).isEqualTo("critical");
            assertThat(a.get("message").asText()).isEqualTo("Drift is detected for 50% of columns (2 of 4)");
        });
        assertThat(alerts.stream().filter(a -> a.get("rule").asText().equals("feature_drift"))
                .map(a -> a.get("subject").asText())).containsExactlyInAnyOrder("age", "plan");
        assertThat(slack).anySatisfy(s -> assertThat(Json.MAPPER.readTree(s).get("text").asText())
                .contains("[CRITICAL] firing dataset_drift: churn version"));

        awaitAlerts(tree(get("/api/2.0/capstan/monitor/status")).get("alerts").size());
        int before = json.size();
        post("/api/2.0/capstan/monitor/evaluate", "");
        assertThat(json.stream().skip(before).map(MonitoringEndToEndTest::tree)
                .filter(a -> a.get("status").asText().equals("firing"))).as("deduplicated within the cooldown")
                .isEmpty();

        StringBuilder feedback = new StringBuilder("[");
        long correct = 0;
        for (Served s : shifted) {
            String truth = s.customer().churn(random);
            correct += truth.equals(s.label()) ? 1 : 0;
            feedback.append("{\"request_id\": \"").append(s.requestId()).append("\", \"label\": \"").append(truth)
                    .append("\"},");
        }
        feedback.append("{\"request_id\": \"never-served\", \"label\": \"yes\"}]");
        JsonNode stored = tree(post("/v2/feedback", feedback.toString()));
        assertThat(stored.get("accepted").asInt()).isEqualTo(400);
        assertThat(stored.get("unknown_request_ids").asInt()).isEqualTo(1);
        assertThat(stored.get("unknown").get(0).asText()).isEqualTo("never-served");

        JsonNode labeled = model(post("/api/2.0/capstan/monitor/evaluate", ""));
        assertThat(labeled.at("/performance/labeled").asInt()).isEqualTo(400);
        assertThat(labeled.at("/performance/metrics/accuracy_score").asDouble()).isEqualTo(correct / 400.0);
        assertThat(labeled.at("/performance/metrics").has("roc_auc")).isTrue();
        assertThat(labeled.at("/performance/metrics").has("log_loss")).isTrue();
        assertThat(model(get("/api/2.0/capstan/monitor/status")).get("window_rows").asInt()).isEqualTo(400);

        MonitorReport report = MonitorReport.of("churn", "1", profile, server.monitor().log().read("churn", "1", 0,
                800), server.monitor().config());
        assertThat(report.summary()).isEqualTo("Drift is detected for 50% of columns (2 of 4)");
        assertThat(report.histograms()).extracting(MonitorReport.Histogram::column)
                .containsExactly("age", "spend", "plan", "tenure", "probability_1");
        assertThat(report.timeline()).hasSize(4);
        assertThat(report.timeline().get(0).driftShare()).as("the calm half first").isLessThan(0.5);
        assertThat(report.timeline().get(0).metric()).as("the calm half has no labels").isNaN();
        assertThat(report.timeline().get(3).driftShare()).isGreaterThanOrEqualTo(0.5);
        assertThat(report.timeline().get(3).metric()).as("the labeled half has accuracy").isNotNaN();
        String html = HtmlReport.render(report);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("Drift is detected for 50% of columns (2 of 4)")
                .contains("<td>age</td><td>numerical</td><td>wasserstein</td>").contains("<svg")
                .doesNotContain("<script").doesNotContain("http://").doesNotContain("https://");

        String page = get("/monitoring");
        assertThat(page).contains("<figcaption>Share of drifted columns</figcaption>", "<figcaption>Performance from "
                + "labels</figcaption>", "<li><svg class=\"swatch\"", "accuracy_score</li>");
        assertThat(page).contains("<h2>churn version 1</h2>", "Drift is detected for 50% of columns (2 of 4)",
                "accuracy", "labeled rows (baseline", "<tr class=\"differs\"><th scope=\"row\">age</th>",
                "critical", "dataset_drift", "/monitoring/report?model=churn&amp;version=1");
        assertThat(get("/monitoring/report?model=churn&version=1")).contains("Drift is detected for 50% of columns",
                "<svg");
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/monitoring/report?model=churn&version=9"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    @Test
    void malformedFeedbackIsRefusedNamingTheAnswer() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/v2/feedback"))
                .POST(HttpRequest.BodyPublishers.ofString("[{\"request_id\": \"a\", \"label\": \"yes\"}, "
                        + "{\"request_id\": \"b\", \"label\": {\"x\": 1}}]")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("feedback[1]: label: expected a string, number or boolean");
    }

    private record Served(ChurnCustomer customer, String requestId, String label) {
    }

    private static List<Served> send(Random random, boolean shifted, int count) throws Exception {
        List<Served> served = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ChurnCustomer c = ChurnCustomer.draw(random, shifted);
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.url()
                            + "/invocations")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(c.json())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            served.add(new Served(c, response.headers().firstValue("X-Request-Id").orElseThrow(),
                    tree(response.body()).get("predictions").get(0).asText()));
        }
        return served;
    }

    private static List<String> drifted(JsonNode model) {
        List<String> columns = new ArrayList<>();
        model.at("/drift/columns").forEach(c -> {
            if (c.get("status").asText().equals("DRIFT")) {
                columns.add(c.get("column").asText());
            }
        });
        return columns;
    }

    private static List<JsonNode> awaitAlerts(int atLeast) throws InterruptedException {
        for (int i = 0; i < 100 && json.size() < atLeast; i++) {
            Thread.sleep(100);
        }
        return json.stream().map(MonitoringEndToEndTest::tree).toList();
    }

    private static JsonNode model(String status) {
        JsonNode models = tree(status).get("models");
        assertThat(models).hasSize(1);
        return models.get(0);
    }

    private static JsonNode tree(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }

    private static String post(String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static String get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
