package dev.capstan.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire format as the Python client speaks it (int64 fields as JSON numbers, bare NaN, unknown fields), plus
 * every error class with MLflow's status code and body shape.
 */
class RawJsonApiTest {

    @TempDir
    static Path dir;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(dir, 64 * 1024, 1024 * 1024);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pythonStyleNumbersAndStringsAreBothAccepted() throws IOException {
        String experimentId = createExperiment();
        JsonNode run = ok(server.post("/api/2.0/mlflow/runs/create",
                "{\"experiment_id\": \"" + experimentId + "\", \"start_time\": 1700000000000, \"run_name\": \"py\","
                        + " \"tags\": [{\"key\": \"mlflow.user\", \"value\": \"ana\"}], \"unknown_field\": {\"x\": 1}}"));
        String runId = run.at("/run/info/run_id").asText();
        assertThat(run.at("/run/info/run_uuid").asText()).isEqualTo(runId);
        assertThat(run.at("/run/info/start_time").isNumber()).isTrue();
        assertThat(run.at("/run/info/start_time").asLong()).isEqualTo(1_700_000_000_000L);

        ok(server.post("/api/2.0/mlflow/runs/log-metric", "{\"run_id\": \"" + runId
                + "\", \"key\": \"loss\", \"value\": 0.5, \"timestamp\": 1700000000001, \"step\": 1}"));
        ok(server.post("/api/2.0/mlflow/runs/log-metric", "{\"run_uuid\": \"" + runId
                + "\", \"key\": \"loss\", \"value\": \"0.25\", \"timestamp\": \"1700000000002\", \"step\": \"2\"}"));
        ok(server.post("/api/2.0/mlflow/runs/log-batch", "{\"run_id\": \"" + runId + "\", \"metrics\": ["
                + "{\"key\": \"nan\", \"value\": NaN, \"timestamp\": 1, \"step\": 0},"
                + "{\"key\": \"inf\", \"value\": \"Infinity\", \"timestamp\": 1},"
                + "{\"key\": \"ninf\", \"value\": -Infinity, \"timestamp\": 1}], \"params\": [{\"key\": \"lr\", \"value\": \"0.1\"}]}"));

        JsonNode history = ok(server.get("/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=loss"));
        assertThat(history.at("/metrics/1/step").asLong()).isEqualTo(2);
        assertThat(history.at("/metrics/1/value").asDouble()).isEqualTo(0.25);

        JsonNode got = ok(server.get("/api/2.0/mlflow/runs/get?run_id=" + runId));
        assertThat(metricValue(got, "nan").asText()).isEqualTo("NaN");
        assertThat(metricValue(got, "inf").asText()).isEqualTo("Infinity");
        assertThat(metricValue(got, "ninf").asText()).isEqualTo("-Infinity");
        assertThat(metricValue(got, "inf").isTextual()).as("non-finite values are quoted, as protobuf JSON").isTrue();
    }

    @Test
    void getParametersComeFromTheQueryStringWithRepeatedKeysForLists() throws IOException {
        String experimentId = createExperiment();
        String a = createRun(experimentId);
        String b = createRun(experimentId);
        for (String run : new String[] {a, b}) {
            ok(server.post("/api/2.0/mlflow/runs/log-batch", "{\"run_id\": \"" + run + "\", \"metrics\": ["
                    + "{\"key\": \"m\", \"value\": 1, \"timestamp\": 1, \"step\": 0},"
                    + "{\"key\": \"m\", \"value\": 2, \"timestamp\": 1, \"step\": 5}]}"));
        }
        JsonNode bulk = ok(server.get("/api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids=" + a + "&run_ids=" + b
                + "&metric_key=m&max_results=10"));
        assertThat(bulk.get("metrics")).hasSize(4);
        assertThat(bulk.at("/metrics/0/run_id").asText()).isIn(a, b);

        JsonNode search = ok(server.get("/api/2.0/mlflow/experiments/search?max_results=1&order_by=name&view_type=ALL"));
        assertThat(search.get("experiments")).hasSize(1);
        assertThat(search.get("next_page_token").asText()).isNotEmpty();
        JsonNode byNumber = ok(server.get("/api/2.0/mlflow/experiments/search?view_type=2"));
        assertThat(byNumber.path("experiments")).isEmpty();
        assertThat(server.get("/api/2.0/mlflow/experiments/search?view_type=7").statusCode()).isEqualTo(400);
        JsonNode ajax = ok(server.get("/ajax-api/2.0/mlflow/experiments/get?experiment_id=" + experimentId));
        assertThat(ajax.at("/experiment/experiment_id").asText()).isEqualTo(experimentId);
    }

    @Test
    void searchRunsAcceptsFilterOrderAndPageToken() throws IOException {
        String experimentId = createExperiment();
        for (int i = 0; i < 3; i++) {
            String run = createRun(experimentId);
            ok(server.post("/api/2.0/mlflow/runs/log-metric", "{\"run_id\": \"" + run + "\", \"key\": \"acc\", \"value\": "
                    + i + ", \"timestamp\": 1}"));
        }
        String body = "{\"experiment_ids\": [\"" + experimentId + "\"], \"filter\": \"metrics.acc >= 1\", "
                + "\"order_by\": [\"metrics.acc DESC\"], \"max_results\": 1, \"run_view_type\": \"ACTIVE_ONLY\"}";
        JsonNode first = ok(server.post("/api/2.0/mlflow/runs/search", body));
        assertThat(first.at("/runs/0/data/metrics/0/value").asDouble()).isEqualTo(2.0);
        JsonNode second = ok(server.post("/api/2.0/mlflow/runs/search", body.replace("}",
                ", \"page_token\": \"" + first.get("next_page_token").asText() + "\"}")));
        assertThat(second.at("/runs/0/data/metrics/0/value").asDouble()).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', value = {
        "GET  | /api/2.0/mlflow/experiments/get?experiment_id=123456                 || 404 | RESOURCE_DOES_NOT_EXIST",
        "GET  | /api/2.0/mlflow/experiments/get-by-name?experiment_name=nope          || 404 | RESOURCE_DOES_NOT_EXIST",
        "GET  | /api/2.0/mlflow/runs/get?run_id=0123456789abcdef0123456789abcdef      || 404 | RESOURCE_DOES_NOT_EXIST",
        "POST | /api/2.0/mlflow/experiments/create | {\"name\": \"Default\"}              | 400 | RESOURCE_ALREADY_EXISTS",
        "POST | /api/2.0/mlflow/experiments/create | {}                                 | 400 | INVALID_PARAMETER_VALUE",
        "POST | /api/2.0/mlflow/experiments/create | {\"name\": \"x\", \"artifact_location\": \"file:///tmp/%2e%2e/etc\"} | 400 | INVALID_PARAMETER_VALUE",
        "POST | /api/2.0/mlflow/experiments/create | {not json                           | 400 | INVALID_PARAMETER_VALUE",
        "POST | /api/2.0/mlflow/experiments/create | [1, 2]                             | 400 | INVALID_PARAMETER_VALUE",
        "POST | /api/2.0/mlflow/runs/search | {\"experiment_ids\": [\"0\"], \"max_results\": \"many\"} | 400 | INVALID_PARAMETER_VALUE",
        "POST | /api/2.0/mlflow/runs/search | {\"experiment_ids\": [\"0\"], \"max_results\": 50001} | 400 | INVALID_PARAMETER_VALUE",
        "POST | /api/2.0/mlflow/runs/search | {\"experiment_ids\": [\"0\"], \"filter\": \"metrics.a = 'x'\"} | 400 | INVALID_PARAMETER_VALUE",
        "POST | /api/2.0/mlflow/runs/search | {\"experiment_ids\": [\"0\"], \"page_token\": \"%%%\"} | 400 | INVALID_PARAMETER_VALUE",
        "POST | /api/2.0/mlflow/runs/update | {\"run_id\": \"abc\", \"status\": \"SLEEPING\"}  | 400 | INVALID_PARAMETER_VALUE",
        "POST | /api/2.0/mlflow/runs/search | {\"experiment_ids\": [\"0\"], \"run_view_type\": 9}  | 400 | INVALID_PARAMETER_VALUE",
        "POST | /api/2.0/mlflow/runs/log-metric | {\"run_id\": \"../../x\", \"key\": \"k\", \"value\": 1, \"timestamp\": 1} | 400 | INVALID_PARAMETER_VALUE",
        "GET  | /api/2.0/mlflow/no/such/endpoint                                     || 404 | ENDPOINT_NOT_FOUND",
        "GET  | /api/2.0/mlflow/runs/create                                          || 405 | ENDPOINT_NOT_FOUND",
    })
    void errorsUseMlflowCodesStatusesAndBodies(String method, String path, String body, int status, String code)
            throws IOException {
        HttpResponse<String> response = method.equals("GET") ? server.get(path) : server.post(path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = Json.MAPPER.readTree(response.body());
        assertThat(error.get("error_code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    }

    @Test
    void enumsAreAcceptedByNameOrProtoNumber() throws IOException {
        String experimentId = createExperiment();
        String runId = createRun(experimentId);
        JsonNode updated = ok(server.post("/api/2.0/mlflow/runs/update", "{\"run_id\": \"" + runId + "\", \"status\": 3}"));
        assertThat(updated.at("/run_info/status").asText()).isEqualTo("FINISHED");
        ok(server.post("/api/2.0/mlflow/runs/delete", "{\"run_id\": \"" + runId + "\"}"));
        JsonNode deleted = ok(server.post("/api/2.0/mlflow/runs/search", "{\"experiment_ids\": [\"" + experimentId
                + "\"], \"run_view_type\": 2}"));
        assertThat(deleted.at("/runs/0/info/run_id").asText()).isEqualTo(runId);
        JsonNode byName = ok(server.post("/api/2.0/mlflow/runs/search", "{\"experiment_ids\": [\"" + experimentId
                + "\"], \"run_view_type\": \"DELETED_ONLY\"}"));
        assertThat(byName.get("runs")).hasSize(1);
    }

    @Test
    void errorMessagesNameTheField() throws IOException {
        HttpResponse<String> response = server.post("/api/2.0/mlflow/runs/search",
                "{\"experiment_ids\": [\"0\"], \"max_results\": \"many\"}");
        assertThat(Json.MAPPER.readTree(response.body()).get("message").asText()).contains("max_results").contains("many");
    }

    @Test
    void oversizedBodiesAndNonJsonContentTypesAreRefused() throws IOException {
        String huge = "{\"name\": \"" + "x".repeat(100 * 1024) + "\"}";
        HttpResponse<String> tooBig = server.post("/api/2.0/mlflow/experiments/create", huge);
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(Json.MAPPER.readTree(tooBig.body()).get("error_code").asText()).isEqualTo("REQUEST_LIMIT_EXCEEDED");

        HttpResponse<String> form = server.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/2.0/mlflow/experiments/create"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=csrf")));
        assertThat(form.statusCode()).isEqualTo(400);
        assertThat(form.body()).contains("BAD_REQUEST").contains("application/json");
        HttpResponse<String> untyped = server.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/2.0/mlflow/experiments/create"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"csrf\"}")));
        assertThat(untyped.statusCode()).isEqualTo(400);
        assertThat(untyped.body()).contains("Content-Type header is missing");
        assertThat(server.get("/api/2.0/mlflow/experiments/get-by-name?experiment_name=csrf").statusCode()).isEqualTo(404);
    }

    @Test
    void healthAndVersion() {
        assertThat(server.get("/health").body()).isEqualTo("OK");
        HttpResponse<String> version = server.get("/version");
        assertThat(version.statusCode()).isEqualTo(200);
        assertThat(version.body()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void serverBindsLoopbackByDefault() {
        assertThat(ServerConfig.defaults().host()).isEqualTo("127.0.0.1");
    }

    private static String createExperiment() throws IOException {
        return ok(server.post("/api/2.0/mlflow/experiments/create",
                "{\"name\": \"raw-" + UUID.randomUUID() + "\"}")).get("experiment_id").asText();
    }

    private static String createRun(String experimentId) throws IOException {
        return ok(server.post("/api/2.0/mlflow/runs/create", "{\"experiment_id\": \"" + experimentId + "\"}"))
                .at("/run/info/run_id").asText();
    }

    private static JsonNode metricValue(JsonNode run, String key) {
        for (JsonNode m : run.at("/run/data/metrics")) {
            if (m.get("key").asText().equals(key)) {
                return m.get("value");
            }
        }
        throw new AssertionError("no metric " + key + " in " + run);
    }

    private static JsonNode ok(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }
}
