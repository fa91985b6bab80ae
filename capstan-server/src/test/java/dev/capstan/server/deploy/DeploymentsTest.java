package dev.capstan.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.capstan.Json;
import dev.capstan.server.CapstanServer;
import dev.capstan.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deployments on a real server over SQLite, with versions of a real XGBoost model registered through the MLflow
 * API: every strategy's traffic, promotion and rollback under load, and progressive rollouts that promote a good
 * candidate and roll back a failing or slow one.
 */
class DeploymentsTest {

    private static final Path FIXTURE = Path.of("../capstan-ml/src/test/resources/models/xgb-binary-json/model");
    private static final String ROW = "{\"features\": [0.0009, -1.3883, 1.0575, 0.2557, -0.4976, -0.1086, 0.0388, "
            + "0.029, 0.6353, -0.1497, -1.8532, -0.0248, -1.3121, 0.6873, -0.3761, null, -0.0981, null, 0.9498, "
            + "-0.5377, -1.1033, -1.6155, 0.7652, 0.1727, 0.6739, -0.2112, null, -0.4138, 0.1413, null]}";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private static CapstanServer server;
    private static String url;

    @BeforeAll
    static void start() throws IOException {
        server = CapstanServer.start(new ServerConfig("127.0.0.1", 0, "sqlite:///" + dir.resolve("capstan.db"),
                dir.resolve("artifacts").toString(), ServerConfig.DEFAULT_MAX_REQUEST_BYTES,
                ServerConfig.DEFAULT_MAX_ARTIFACT_BYTES));
        url = server.url();
        Path broken = brokenCopy();
        Path shifted = shiftedCopy();
        api("registered-models/create", "{\"name\": \"churn\"}");
        List<Path> sources = List.of(FIXTURE, FIXTURE, broken, shifted);
        for (int v = 0; v < sources.size(); v++) {
            String path = "models/churn-" + (v + 1);
            upload(sources.get(v), path);
            api("model-versions/create", Json.MAPPER.writeValueAsString(Map.of("name", "churn",
                    "source", "mlflow-artifacts:/" + path)));
        }
        api("registered-models/alias", "{\"name\": \"churn\", \"alias\": \"champion\", \"version\": \"1\"}");
    }

    /** Version 3: the same model, but its signature requires a column that no request sends, so it answers 400. */
    private static Path brokenCopy() throws IOException {
        Path copy = dir.resolve("broken");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(FIXTURE)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName().toString()));
            }
        }
        Path mlmodel = copy.resolve("MLmodel");
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode root = (ObjectNode) yaml.readTree(mlmodel.toFile());
        ObjectNode signature = (ObjectNode) root.get("signature");
        ArrayNode inputs = (ArrayNode) Json.MAPPER.readTree(signature.get("inputs").asText());
        inputs.addObject().put("type", "double").put("name", "extra").put("required", true);
        signature.put("inputs", inputs.toString());
        yaml.writeValue(mlmodel.toFile(), root);
        Files.delete(copy.resolve("serving_input_example.json"));
        return copy;
    }

    /** Puts a model's files in the server's artifact store through the MLflow artifact proxy. */
    private static void upload(Path model, String path) throws IOException {
        try (Stream<Path> files = Files.list(model)) {
            for (Path f : files.toList()) {
                HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url
                        + "/api/2.0/mlflow-artifacts/artifacts/" + path + "/" + f.getFileName()))
                        .PUT(HttpRequest.BodyPublishers.ofFile(f)).build());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
        }
    }

    /** Version 4: the same trees from another base score, so that every probability moves (prediction drift). */
    private static Path shiftedCopy() throws IOException {
        Path copy = dir.resolve("shifted");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(FIXTURE)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName().toString()));
            }
        }
        Path model = copy.resolve("model.json");
        String json = Files.readString(model);
        assertThat(json).contains("\"base_score\":\"3E-1\"");
        Files.writeString(model, json.replace("\"base_score\":\"3E-1\"", "\"base_score\":\"9.5E-1\""));
        return copy;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode api(String path, String body) {
        HttpResponse<String> r = post("/api/2.0/mlflow/" + path, body, Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body());
    }

    private static HttpResponse<String> deploy(String action, String body) {
        return post("/api/2.0/capstan/deployments/" + action, body, Map.of());
    }

    private static JsonNode deployOk(String action, String body) {
        HttpResponse<String> r = deploy(action, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body());
    }

    private static JsonNode create(String yamlAsJson) {
        return deployOk("create", "{\"spec\": " + yamlAsJson + ", \"actor\": \"alice\", \"reason\": \"test\"}");
    }

    private static JsonNode status(String name) {
        HttpResponse<String> r = get("/api/2.0/capstan/deployments/get?name=" + name);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body());
    }

    private static HttpResponse<String> predict(String name, Map<String, String> headers) {
        return post("/models/" + name + "/predict", ROW, headers);
    }

    private static HttpResponse<String> post(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return send(b.build());
    }

    private static HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET().build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String variant(HttpResponse<String> r) {
        return r.headers().firstValue("X-Capstan-Variant").orElseThrow();
    }

    /** Clients sending requests until stopped, counting answers by status and served version. */
    private static final class Load implements AutoCloseable {
        final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Load(String name, int clients) {
            for (int i = 0; i < clients; i++) {
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        HttpResponse<String> r = predict(name, Map.of());
                        String key = r.statusCode() + " v" + r.headers().firstValue("X-Capstan-Model-Version")
                                .orElse("?");
                        counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                    }
                });
                t.start();
                threads.add(t);
            }
        }

        int count(String key) {
            return counts.getOrDefault(key, new AtomicInteger()).get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("waiting for " + what).isLessThan(end);
            Thread.sleep(50);
        }
    }

    @Test
    void canarySplitsTenThousandRequestsWithinThreePercentOfItsWeight() {
        create("{\"name\": \"canary\", \"strategy\": \"canary\", \"primary\": \"models:/churn/1\", "
                + "\"candidate\": \"models:/churn/2\", \"weight\": 30}");
        int candidate = 0;
        for (int i = 0; i < 10_000; i++) {
            HttpResponse<String> r = predict("canary", Map.of());
            assertThat(r.statusCode()).isEqualTo(200);
            candidate += variant(r).equals("candidate") ? 1 : 0;
        }
        assertThat(candidate / 10_000.0).isBetween(0.27, 0.33);
        assertThat(metric("capstan_deployment_candidate_weight{deployment=\"canary\",strategy=\"canary\"}"))
                .isEqualTo(30);
        assertThat(metric("capstan_deployment_status{deployment=\"canary\",status=\"ACTIVE\"}")).isEqualTo(1);
        assertThat(metric("capstan_inference_requests_total{model=\"canary\",status=\"200\",variant=\"candidate\","
                + "version=\"2\"}")).isEqualTo(candidate);
        deployOk("set-weight", "{\"name\": \"canary\", \"weight\": 0, \"reason\": \"dark launch\"}");
        for (int i = 0; i < 200; i++) {
            assertThat(variant(predict("canary", Map.of()))).isEqualTo("primary");
        }
        assertThat(status("canary").get("events").get(1).get("reason").asText()).isEqualTo("dark launch");
    }

    @Test
    void blueGreenSwitchesAndRollsBackUnderLoadWithoutAFailedRequest() throws Exception {
        create("{\"name\": \"bg\", \"strategy\": \"blue-green\", \"primary\": \"models:/churn@champion\", "
                + "\"candidate\": \"models:/churn/2\"}");
        try (Load load = new Load("bg", 4)) {
            waitFor(() -> load.count("200 v1") > 200, "traffic on version 1");
            JsonNode promoted = deployOk("promote", "{\"name\": \"bg\", \"actor\": \"bob\"}");
            assertThat(promoted.get("status").asText()).isEqualTo("PROMOTED");
            assertThat(promoted.get("message").asText()).contains("alias champion now names version 2");
            waitFor(() -> load.count("200 v2") > 200, "traffic on version 2");
            JsonNode rolledBack = deployOk("rollback", "{\"name\": \"bg\", \"reason\": \"latency\"}");
            assertThat(rolledBack.get("status").asText()).isEqualTo("ROLLED_BACK");
            int before = load.count("200 v1");
            waitFor(() -> load.count("200 v1") > before + 200, "traffic back on version 1");
        }
        JsonNode alias = json(get("/api/2.0/mlflow/registered-models/alias?name=churn&alias=champion").body());
        assertThat(alias.get("model_version").get("version").asText()).isEqualTo("1");
        JsonNode events = status("bg").get("events");
        assertThat(events.findValuesAsText("action")).containsExactly("create", "promote", "rollback");
        assertThat(events.get(1).get("actor").asText()).isEqualTo("bob");
        assertThat(events.get(2).get("reason").asText()).contains("latency", "alias champion names version 1");
    }

    @Test
    void zeroFailedRequestsAcrossSwitches() throws Exception {
        create("{\"name\": \"bg2\", \"strategy\": \"blue-green\", \"primary\": \"models:/churn/1\", "
                + "\"candidate\": \"models:/churn/2\"}");
        Load load = new Load("bg2", 4);
        try {
            waitFor(() -> load.count("200 v1") > 100, "traffic");
            for (int i = 0; i < 3; i++) {
                deployOk("promote", "{\"name\": \"bg2\"}");
                Thread.sleep(100);
                deployOk("rollback", "{\"name\": \"bg2\"}");
                Thread.sleep(100);
            }
        } finally {
            load.close();
        }
        assertThat(load.counts.keySet()).allMatch(k -> k.startsWith("200 "));
        assertThat(load.count("200 v2")).isPositive();
    }

    @Test
    void movingTheAliasHotSwapsTheServedVersionUnderLoad() throws Exception {
        api("registered-models/alias", "{\"name\": \"churn\", \"alias\": \"hot\", \"version\": \"1\"}");
        create("{\"name\": \"hot\", \"strategy\": \"single\", \"primary\": \"models:/churn@hot\"}");
        Load load = new Load("hot", 3);
        try {
            waitFor(() -> load.count("200 v1") > 100, "traffic on version 1");
            api("registered-models/alias", "{\"name\": \"churn\", \"alias\": \"hot\", \"version\": \"2\"}");
            assertThat(server.serving().refresh()).contains("hot: models:/churn@hot moved from version 1 to 2");
            waitFor(() -> load.count("200 v2") > 100, "traffic on version 2");
        } finally {
            load.close();
        }
        assertThat(load.counts.keySet()).containsExactlyInAnyOrder("200 v1", "200 v2");
    }

    @Test
    void shadowNeverChangesAnAnswerEvenWhenTheCandidateFails() throws Exception {
        create("{\"name\": \"shadow\", \"strategy\": \"shadow\", \"primary\": \"models:/churn/1\", "
                + "\"candidate\": \"models:/churn/3\", \"weight\": 100}");
        create("{\"name\": \"shadow-ok\", \"strategy\": \"shadow\", \"primary\": \"models:/churn/1\", "
                + "\"candidate\": \"models:/churn/2\", \"weight\": 100}");
        String expected = null;
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> r = predict("shadow", Map.of());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Capstan-Model-Version")).hasValue("1");
            JsonNode predictions = json(r.body()).get("predictions");
            expected = expected == null ? predictions.toString() : expected;
            assertThat(predictions.toString()).isEqualTo(expected);
            assertThat(predict("shadow-ok", Map.of()).statusCode()).isEqualTo(200);
        }
        waitFor(() -> metric("capstan_shadow_comparisons_total{model=\"shadow\",other_version=\"3\","
                + "result=\"error\",version=\"1\"}") >= 50, "50 failed shadow comparisons");
        waitFor(() -> metric("capstan_shadow_comparisons_total{model=\"shadow-ok\",other_version=\"2\","
                + "result=\"agree\",version=\"1\"}") >= 50, "50 agreeing shadow comparisons");
    }

    private static double metric(String series) {
        for (String line : get("/metrics").body().lines().toList()) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1));
            }
        }
        return 0;
    }

    @Test
    void abAssignmentIsStickyPerKey() {
        create("{\"name\": \"ab\", \"strategy\": \"ab\", \"primary\": \"models:/churn/1\", "
                + "\"candidate\": \"models:/churn/2\", \"weight\": 50, \"sticky_key\": \"header:X-User\"}");
        int candidates = 0;
        for (int user = 0; user < 300; user++) {
            String first = variant(predict("ab", Map.of("X-User", "user-" + user)));
            for (int again = 0; again < 3; again++) {
                assertThat(variant(predict("ab", Map.of("X-User", "user-" + user)))).isEqualTo(first);
            }
            candidates += first.equals("candidate") ? 1 : 0;
        }
        assertThat(candidates).isBetween(110, 190);
        assertThat(variant(predict("ab", Map.of()))).isEqualTo("primary");
    }

    @Test
    void abFeedbackIsCreditedToTheVariantThatAnsweredAndTested() {
        create("{\"name\": \"ab-feedback\", \"strategy\": \"ab\", \"primary\": \"models:/churn/1\", "
                + "\"candidate\": \"models:/churn/2\", \"sticky_key\": \"header:X-User\", \"metric\": \"accuracy\"}");
        StringBuilder feedback = new StringBuilder("[");
        int[] counts = new int[2];
        for (int user = 0; user < 120; user++) {
            HttpResponse<String> r = predict("ab-feedback", Map.of("X-User", "u" + user));
            long label = json(r.body()).get("predictions").get(0).get("label").asLong();
            boolean candidate = variant(r).equals("candidate");
            counts[candidate ? 1 : 0]++;
            long truth = candidate || user % 4 == 0 ? label : 1 - label;
            feedback.append("{\"request_id\": \"").append(r.headers().firstValue("X-Request-Id").orElseThrow())
                    .append("\", \"label\": ").append(truth).append("},");
        }
        feedback.append("{\"request_id\": \"unknown\", \"label\": 1}]");
        JsonNode result = deployOk("feedback", "{\"name\": \"ab-feedback\", \"feedback\": " + feedback + "}");
        assertThat(result.get("matched").asInt()).isEqualTo(120);
        assertThat(result.get("unmatched").asInt()).isEqualTo(1);

        JsonNode ab = status("ab-feedback").get("ab");
        assertThat(ab.get("metric").asText()).isEqualTo("accuracy");
        assertThat(ab.get("variants").get("candidate").get("n").asInt()).isEqualTo(counts[1]);
        assertThat(ab.get("variants").get("candidate").get("rate").asDouble()).isEqualTo(1.0);
        assertThat(ab.get("variants").get("primary").get("rate").asDouble()).isLessThan(0.5);
        long primaryRight = Math.round(ab.get("variants").get("primary").get("rate").asDouble() * counts[0]);
        dev.capstan.deploy.AbTest.Result expected = dev.capstan.deploy.AbTest.twoProportions(counts[1], counts[1],
                primaryRight, counts[0]);
        assertThat(ab.get("test").get("p_value").asDouble()).isEqualTo(expected.pValue()).isLessThan(1e-6);

        JsonNode again = deployOk("feedback", "{\"name\": \"ab-feedback\", \"feedback\": " + feedback + "}");
        assertThat(again.get("matched").asInt()).as("feedback counts once per request").isZero();
        HttpResponse<String> r = predict("ab-feedback", Map.of("X-User", "u1"));
        JsonNode bad = deployOk("feedback", "{\"name\": \"ab-feedback\", \"feedback\": [{\"request_id\": \""
                + r.headers().firstValue("X-Request-Id").orElseThrow() + "\", \"label\": \"yes\"}]}");
        assertThat(bad.get("invalid").asInt()).isEqualTo(1);
        assertThat(bad.get("problems").get(0).asText()).contains("'label' must be a number", "yes");
    }

    @Test
    void progressiveRolloutPromotesAGoodCandidateAndMovesTheAlias() throws Exception {
        create("{\"name\": \"good\", \"strategy\": \"progressive\", \"primary\": \"models:/churn/1\", "
                + "\"candidate\": \"models:/churn/2\", \"rollout\": {\"steps\": [{\"weight\": 20}, "
                + "{\"pause\": \"300ms\"}, {\"weight\": 60}, {\"pause\": \"manual\"}, {\"weight\": 100}], "
                + "\"interval\": \"200ms\", \"min_requests\": 5, \"max_error_rate\": 0.01, \"max_p99_ms\": 5000, "
                + "\"max_divergence\": 0.0, \"promote_alias\": \"stable\"}}");
        try (Load load = new Load("good", 2)) {
            waitFor(() -> status("good").get("deployment").get("status").asText().equals("PAUSED"), "the manual pause");
            assertThat(status("good").get("deployment").get("weight").asInt()).isEqualTo(60);
            deployOk("promote", "{\"name\": \"good\", \"actor\": \"carol\", \"reason\": \"metrics look fine\"}");
            waitFor(() -> status("good").get("deployment").get("status").asText().equals("PROMOTED"), "promotion");
        }
        JsonNode d = status("good");
        assertThat(d.get("deployment").get("primary_version").asText()).isEqualTo("2");
        assertThat(d.get("events").findValuesAsText("actor")).contains("rollout", "carol");
        assertThat(d.get("events").get(d.get("events").size() - 1).get("reason").asText())
                .contains("every step passed", "alias stable now names version 2");
        JsonNode alias = json(get("/api/2.0/mlflow/registered-models/alias?name=churn&alias=stable").body());
        assertThat(alias.get("model_version").get("version").asText()).isEqualTo("2");
    }

    @Test
    void progressiveRolloutRollsBackACandidateThatFails() throws Exception {
        create("{\"name\": \"failing\", \"strategy\": \"progressive\", \"primary\": \"models:/churn/1\", "
                + "\"candidate\": \"models:/churn/3\", \"rollout\": {\"steps\": [{\"weight\": 50}, "
                + "{\"weight\": 100}], \"interval\": \"200ms\", \"min_requests\": 5, \"failure_limit\": 1, "
                + "\"max_error_rate\": 0.05}}");
        try (Load load = new Load("failing", 2)) {
            waitFor(() -> status("failing").get("deployment").get("status").asText().equals("DEGRADED"),
                    "the rollback");
            int before = load.count("200 v1");
            waitFor(() -> load.count("200 v1") > before + 50, "traffic back on the primary");
        }
        JsonNode d = status("failing").get("deployment");
        assertThat(d.get("weight").asInt()).isZero();
        assertThat(d.get("message").asText()).contains("error rate", "2 failed analyses, limit 1");
        assertThat(status("failing").get("events").findValuesAsText("action"))
                .contains("analysis-failed", "abort");
    }

    @Test
    void progressiveRolloutRollsBackACandidateWhosePredictionsDrift() throws Exception {
        create("{\"name\": \"drifting\", \"strategy\": \"progressive\", \"primary\": \"models:/churn/1\", "
                + "\"candidate\": \"models:/churn/4\", \"rollout\": {\"steps\": [{\"weight\": 50}, {\"weight\": 100}], "
                + "\"interval\": \"300ms\", \"min_requests\": 5, \"max_prediction_psi\": 0.2}}");
        try (Load load = new Load("drifting", 2)) {
            waitFor(() -> status("drifting").get("deployment").get("status").asText().equals("DEGRADED"), "rollback");
        }
        assertThat(status("drifting").get("deployment").get("message").asText()).contains("prediction drift: PSI");
    }

    @Test
    void progressiveRolloutRollsBackASlowCandidate() throws Exception {
        create("{\"name\": \"slow\", \"strategy\": \"progressive\", \"primary\": \"models:/churn/1\", "
                + "\"candidate\": \"models:/churn/2\", \"rollout\": {\"steps\": [{\"weight\": 50}], "
                + "\"interval\": \"200ms\", \"min_requests\": 5, \"max_p99_ms\": 0.000001}}");
        try (Load load = new Load("slow", 2)) {
            waitFor(() -> status("slow").get("deployment").get("status").asText().equals("DEGRADED"), "rollback");
        }
        assertThat(status("slow").get("deployment").get("message").asText()).contains("p99 latency");
    }

    @Test
    void badRequestsAreRefusedWithTheReason() {
        create("{\"name\": \"dup\", \"strategy\": \"single\", \"primary\": \"models:/churn/1\"}");
        HttpResponse<String> dup = deploy("create", "{\"spec\": {\"name\": \"dup\", \"strategy\": \"single\", "
                + "\"primary\": \"models:/churn/1\"}}");
        assertThat(dup.statusCode()).isEqualTo(400);
        assertThat(dup.body()).contains("RESOURCE_ALREADY_EXISTS", "already exists");
        HttpResponse<String> weight = deploy("set-weight", "{\"name\": \"dup\", \"weight\": 10}");
        assertThat(weight.statusCode()).isEqualTo(400);
        assertThat(weight.body()).contains("INVALID_STATE", "single");
        assertThat(deploy("promote", "{\"name\": \"nope\"}").statusCode()).isEqualTo(404);
        HttpResponse<String> spec = deploy("create", "{\"spec\": {\"name\": \"x\", \"strategy\": \"canary\", "
                + "\"primary\": \"models:/churn/1\"}}");
        assertThat(spec.statusCode()).isEqualTo(400);
        assertThat(spec.body()).contains("needs a candidate");
        HttpResponse<String> missing = deploy("create", "{\"spec\": {\"name\": \"y\", \"strategy\": \"canary\", "
                + "\"primary\": \"models:/churn/1\", \"candidate\": \"models:/churn/99\"}}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("churn/99");
        assertThat(predict("y", Map.of()).statusCode()).isEqualTo(404);
        deployOk("delete", "{\"name\": \"dup\"}");
        assertThat(predict("dup", Map.of()).statusCode()).isEqualTo(404);
    }
}
